package io.digitstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code openAPIV3Schema} of every custom resource kind the manifests use, from the CRDs vendored under
 * {@code src/test/resources/crds/} (each folder's README names the release they come from). An object schema that
 * lists its properties and neither allows others nor preserves unknown fields gets {@code additionalProperties:
 * false}: the API server's strict field validation refuses an unknown (misspelled) field, and so does this check.
 */
final class CustomResourceSchemas {
    static final Path DIRECTORY = Path.of("src", "test", "resources", "crds");

    private final Map<String, JsonSchema> schemas = new HashMap<>();
    private final Set<String> groups = new HashSet<>();

    private CustomResourceSchemas() {
    }

    static CustomResourceSchemas load() {
        CustomResourceSchemas loaded = new CustomResourceSchemas();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).build();
        try (Stream<Path> files = Files.walk(DIRECTORY)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode crd : YamlTrees.parseAll(Files.readString(file))) {
                    if (!crd.path("kind").asText().equals("CustomResourceDefinition")) {
                        continue;
                    }
                    String group = crd.path("spec").path("group").asText();
                    loaded.groups.add(group);
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        if (!version.path("served").asBoolean()) {
                            continue;
                        }
                        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                        strict(schema);
                        loaded.schemas.put(key(group + "/" + version.path("name").asText(), kind),
                                factory.getSchema(schema, config));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRDs under " + DIRECTORY, e);
        }
        return loaded;
    }

    /** Whether the resource's API group is one of the vendored CRDs' (else it is a built-in kind). */
    boolean coversGroupOf(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        return apiVersion.contains("/") && groups.contains(apiVersion.substring(0, apiVersion.indexOf('/')));
    }

    /** Readable violations of {@code resource} against its CRD; empty when it is valid. */
    List<String> violations(JsonNode resource) {
        JsonSchema schema = schemas.get(key(resource.path("apiVersion").asText(), resource.path("kind").asText()));
        if (schema == null) {
            return List.of("no served CRD version for " + resource.path("apiVersion").asText() + " "
                    + resource.path("kind").asText());
        }
        return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    /** Closes every object schema that names its properties, as strict field validation treats it. */
    private static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode object && object.has("properties")
                && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            object.put("additionalProperties", false);
        }
        schema.forEach(CustomResourceSchemas::strict);
    }
}
