package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, interpolated with its defaults and with the three-broker environment, is valid against the
 * Compose Specification's JSON Schema (vendored: src/test/resources/compose-spec/README.md); the check fails on a
 * misspelled key, a wrong type and an unknown value.
 */
class ComposeSpecificationTest {
    private static final Path SCHEMA = Path.of("src", "test", "resources", "compose-spec", "compose-spec.json");
    private static final JsonSchema SPEC = load();

    @Test
    void theComposeFileFollowsTheSpecificationInBothSetups() {
        assertEquals(List.of(), violations(ComposeFile.load(Map.of()).root()));
        assertEquals(List.of(), violations(ComposeFile.load(
                ComposeFile.envFile(Repo.existing("deploy/compose/three-brokers.env", "the 3-broker env file"))).root()));
    }

    @Test
    void theCheckRefusesMisspelledKeysWrongTypesAndUnknownValues() {
        JsonNode compose = ComposeFile.load(Map.of()).root();

        ObjectNode misspelled = compose.deepCopy();
        ObjectNode trainer = (ObjectNode) misspelled.path("services").path("trainer");
        trainer.set("enviroment", trainer.remove("environment"));
        assertFalse(violations(misspelled).isEmpty(), "a misspelled service key");

        ObjectNode wrongType = compose.deepCopy();
        ((ObjectNode) wrongType.path("services").path("trainer")).put("volumes", "models:/models");
        assertFalse(violations(wrongType).isEmpty(), "a string where a list belongs");

        ObjectNode unknownValue = compose.deepCopy();
        ((ObjectNode) unknownValue.path("services").path("grafana").path("depends_on").path("grafana-password"))
                .put("condition", "service_finished");
        assertFalse(violations(unknownValue).isEmpty(), "an unknown depends_on condition");
    }

    private static List<String> violations(JsonNode compose) {
        return SPEC.validate(compose).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load() {
        try {
            ObjectNode schema = (ObjectNode) YamlTrees.mapper().readTree(Files.readString(SCHEMA));
            // The spec names its meta-schema by an https address and itself by a bare file name; without both, draft 7
            // (built in) applies and its "#/definitions/..." references resolve within the document: nothing is fetched.
            schema.remove("$schema");
            schema.remove("$id");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema,
                    SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA, e);
        }
    }
}
