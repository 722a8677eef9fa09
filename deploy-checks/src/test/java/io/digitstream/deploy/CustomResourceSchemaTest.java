package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every custom resource of every rendered overlay is valid against the CRD schema of the operator release it
 * targets (vendored under src/test/resources/crds), with unknown fields refused; and the check itself fails on a
 * misspelled field, a wrong type, a value outside an enum and a missing required field.
 */
class CustomResourceSchemaTest {
    private static final CustomResourceSchemas SCHEMAS = CustomResourceSchemas.load();

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyCustomResourceMatchesItsCrd(String overlay) {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode resource : Kustomize.render(overlay)) {
            // Every resource of a vendored CRD's API group; the built-in kinds are BuiltInKindsTest's.
            if (!SCHEMAS.coversGroupOf(resource)) {
                continue;
            }
            checked++;
            SCHEMAS.violations(resource).forEach(problem -> problems.add(resource.path("kind").asText() + " "
                    + Kustomize.name(resource) + ": " + problem));
        }
        assertTrue(checked >= 11, overlay + ": only " + checked + " custom resources");
        assertEquals(List.of(), problems, overlay);
    }

    @Test
    void theCheckRefusesMisspelledFieldsWrongTypesUnknownValuesAndMissingRequiredFields() {
        List<JsonNode> documents = Kustomize.render("k8s/overlays/prod");
        JsonNode topic = Kustomize.ofKind(documents, "KafkaTopic").get(0);
        JsonNode kafka = Kustomize.ofKind(documents, "Kafka").get(0);
        JsonNode user = Kustomize.ofKind(documents, "KafkaUser").get(0);
        assertEquals(List.of(), SCHEMAS.violations(topic));

        ObjectNode misspelled = topic.deepCopy();
        ((ObjectNode) misspelled.path("spec")).set("partitons", ((ObjectNode) misspelled.path("spec")).remove("partitions"));
        assertFalse(SCHEMAS.violations(misspelled).isEmpty(), "a misspelled field");

        ObjectNode wrongType = topic.deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("partitions", "twelve");
        assertFalse(SCHEMAS.violations(wrongType).isEmpty(), "a string for an integer");

        ObjectNode unknownValue = kafka.deepCopy();
        ((ObjectNode) unknownValue.path("spec").path("kafka").path("listeners").get(0).path("authentication"))
                .put("type", "scram-sha-256");
        assertFalse(SCHEMAS.violations(unknownValue).isEmpty(), "a value outside the enum");

        ObjectNode missing = kafka.deepCopy();
        ((ObjectNode) missing.path("spec").path("kafka")).remove("listeners");
        assertFalse(SCHEMAS.violations(missing).isEmpty(), "no listeners");

        ObjectNode badAcl = user.deepCopy();
        ((ArrayNode) badAcl.path("spec").path("authorization").path("acls").get(0).path("operations")).add("Reed");
        assertFalse(SCHEMAS.violations(badAcl).isEmpty(), "an operation Kafka does not know");

        JsonNode monitor = Kustomize.ofKind(documents, "PodMonitor").get(0);
        assertEquals(List.of(), SCHEMAS.violations(monitor));
        ObjectNode badMonitor = monitor.deepCopy();
        ((ObjectNode) badMonitor.path("spec").path("podMetricsEndpoints").get(0)).put("interval", 30);
        assertFalse(SCHEMAS.violations(badMonitor).isEmpty(), "a number where the PodMonitor takes a duration string");

        JsonNode scaledObject = Kustomize.ofKind(documents, "ScaledObject").get(0);
        assertEquals(List.of(), SCHEMAS.violations(scaledObject));
        ObjectNode badScaledObject = scaledObject.deepCopy();
        ((ObjectNode) badScaledObject.path("spec")).put("minReplicas", 3);
        assertFalse(SCHEMAS.violations(badScaledObject).isEmpty(), "HPA's field name in a ScaledObject");

        ObjectNode oldApi = topic.deepCopy();
        oldApi.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertFalse(SCHEMAS.violations(oldApi).isEmpty(), "an API version the release no longer serves");
    }
}
