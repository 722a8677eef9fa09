package io.digitstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates JSON against the contract's JSON Schemas (draft 2020-12), which ship in this jar under
 * {@code schemas/}. The schemas are loaded and compiled once; {@link #shared()} is thread-safe and cheap to call
 * for every record.
 */
public final class EventSchemas {

    /** The schemas' {@code $id} prefix. It is an identifier, not a location: the schemas are only read from the jar. */
    public static final String ID_BASE = "https://digitstream.invalid/schemas/v1/";

    private static final String CLASSPATH_BASE = "classpath:schemas/";
    private static final String DLQ_HEADERS = Topics.DLQ + ".schema.json#/$defs/headers";
    private static final String MANIFEST = "model-manifest.schema.json";
    private static final String POINTER = "model-pointer.schema.json";

    private final Map<String, JsonSchema> topicSchemas;
    private final JsonSchema dlqHeaders;
    private final JsonSchema manifest;
    private final JsonSchema pointer;

    private EventSchemas() {
        JsonSchemaFactory factory = jarOnlyFactory();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                // "$.models[0].digit" reads better in a log line or DLQ header than the JSON Pointer "/models/0/digit".
                .pathType(PathType.LEGACY)
                .build();
        topicSchemas = Map.of(
                Topics.IMAGES, load(factory, config, Topics.IMAGES + ".schema.json"),
                Topics.LABELS, load(factory, config, Topics.LABELS + ".schema.json"),
                Topics.PREDICTIONS, load(factory, config, Topics.PREDICTIONS + ".schema.json"),
                Topics.REVIEW, load(factory, config, Topics.REVIEW + ".schema.json"),
                Topics.REVIEW_ANSWERS, load(factory, config, Topics.REVIEW_ANSWERS + ".schema.json"),
                Topics.METRICS, load(factory, config, Topics.METRICS + ".schema.json"),
                Topics.FIELDS, load(factory, config, Topics.FIELDS + ".schema.json"),
                Topics.FIELD_READINGS, load(factory, config, Topics.FIELD_READINGS + ".schema.json"),
                Topics.FIELD_LABELS, load(factory, config, Topics.FIELD_LABELS + ".schema.json"));
        dlqHeaders = load(factory, config, DLQ_HEADERS);
        manifest = load(factory, config, MANIFEST);
        pointer = load(factory, config, POINTER);
    }

    /** A factory that resolves the contract's {@code $id}s to the jar and refuses to load a schema from anywhere else. */
    static JsonSchemaFactory jarOnlyFactory() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix(ID_BASE, CLASSPATH_BASE))
                // Every $ref must resolve inside the jar: validation never touches the network.
                .schemaLoaders(loaders -> loaders.add(
                        new AllowSchemaLoader(iri -> iri.toString().startsWith(CLASSPATH_BASE)))));
    }

    /** The one instance, built on first use. */
    public static EventSchemas shared() {
        return Holder.INSTANCE;
    }

    /** Topics whose values are JSON events with a schema (every topic except {@link Topics#DLQ}). */
    public Set<String> topics() {
        return topicSchemas.keySet();
    }

    /**
     * @return one readable message per violation, e.g. {@code $.label: must have a maximum value of 9}; empty when
     *         {@code value} is a valid event for {@code topic}
     * @throws IllegalArgumentException for a topic without a JSON schema, such as {@link Topics#DLQ}
     */
    public List<String> violations(String topic, JsonNode value) {
        JsonSchema schema = topicSchemas.get(topic);
        if (schema == null) {
            throw new IllegalArgumentException("no JSON schema for topic '" + topic + "'; topics with schemas: "
                    + topicSchemas.keySet().stream().sorted().toList()
                    + (Topics.DLQ.equals(topic) ? " (dead letters keep their original bytes, see dlqHeaderViolations)" : ""));
        }
        return messages(schema, value);
    }

    /** Violations of {@code models/manifest.json}; empty when valid. */
    public List<String> manifestViolations(JsonNode manifestJson) {
        return messages(manifest, manifestJson);
    }

    /** Violations of a model store's {@code active.json}; empty when valid. */
    public List<String> pointerViolations(JsonNode pointerJson) {
        return messages(pointer, pointerJson);
    }

    /**
     * Violations of the dead-letter header contract, for {@code headers} given as a JSON object of header name to
     * string value; empty when valid.
     */
    public List<String> dlqHeaderViolations(JsonNode headers) {
        return messages(dlqHeaders, headers);
    }

    private static List<String> messages(JsonSchema schema, JsonNode value) {
        return schema.validate(value).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String name) {
        JsonSchema schema = factory.getSchema(SchemaLocation.of(ID_BASE + name), config);
        // Resolve every $ref now, so a broken schema fails at start-up and the first event pays no loading cost.
        schema.initializeValidators();
        return schema;
    }

    private static final class Holder {
        private static final EventSchemas INSTANCE = new EventSchemas();
    }
}
