package io.digitstream.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an event from UTF-8 JSON: parses it, validates it against the JSON Schema of its topic, then maps it onto the
 * record with {@link EventJson#mapper()}. {@code null} stays {@code null} (a tombstone). Anything that is not a valid
 * event fails with an {@link InvalidEventException} naming the type, the reason and every problem found.
 *
 * <p>{@link #deserializeEvent(String, byte[])} is the stricter entry for a consumer that dead-letters what it cannot
 * use ({@link EventReader}): there a tombstone holds no event at all and is {@link DlqReason#INVALID_JSON}, the same
 * reason on every input topic. JSON that is not an object (an array, a string, {@code null}) is JSON, so it is the
 * schema's {@link DlqReason#SCHEMA_VIOLATION} in both entries.
 *
 * <p>The schema is chosen by event type, not by the {@code topic} argument, because Kafka Streams also passes its
 * internal repartition and changelog topic names here.
 *
 * <p>{@link #checkingSchemaOnlyOnParseFailure()} skips the validator for events the strict typed mapping accepts;
 * validation costs several times the parse, which matters to a reader that sees every event of a busy topic. Only for
 * labels and predictions, whose records refuse every invalid example with the same reason and problems
 * ({@code ExamplesTest}); the image and metrics records accept a few events their schemas refuse.
 */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;
    private final String schemaTopic;
    private boolean schemaCheckOnlyOnParseFailure;

    protected EventDeserializer(Class<T> type, String schemaTopic) {
        this.type = type;
        this.schemaTopic = schemaTopic;
    }

    /** Validates against the schema only events the record mapping refuses, to name their violations; returns this. */
    public EventDeserializer<T> checkingSchemaOnlyOnParseFailure() {
        this.schemaCheckOnlyOnParseFailure = true;
        return this;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return map(topic, data, parse(topic, data));
    }

    /**
     * Like {@link #deserialize(String, byte[])}, for a record value that must hold an event: a tombstone fails as
     * {@link DlqReason#INVALID_JSON} instead of becoming {@code null}. {@code deserialize} keeps the Kafka contract.
     */
    public T deserializeEvent(String topic, byte[] data) {
        if (data == null) {
            throw invalid(topic, null, DlqReason.INVALID_JSON,
                    List.of("the record has no value (a tombstone is not an event)"), null);
        }
        return map(topic, data, parse(topic, data));
    }

    private T map(String topic, byte[] data, JsonNode tree) {
        // JSON null maps to a null record without complaint; only an object can be an event.
        if (schemaCheckOnlyOnParseFailure && tree.isObject()) {
            try {
                return EventJson.mapper().treeToValue(tree, type);
            } catch (IOException | IllegalArgumentException refused) {
                // Fall through: the validator names what is wrong, as in the default mode.
            }
        }
        List<String> violations = EventSchemas.shared().violations(schemaTopic, tree);
        if (!violations.isEmpty()) {
            throw invalid(topic, data, DlqReason.SCHEMA_VIOLATION, violations, null);
        }
        try {
            return EventJson.mapper().treeToValue(tree, type);
        } catch (IOException e) {
            // Schema-valid but refused by the record, e.g. a review item whose ids differ.
            throw invalid(topic, data, DlqReason.SCHEMA_VIOLATION, List.of(describe(e)), e);
        } catch (IllegalArgumentException e) {
            throw invalid(topic, data, DlqReason.SCHEMA_VIOLATION, List.of(String.valueOf(e.getMessage())), e);
        }
    }

    private JsonNode parse(String topic, byte[] data) {
        try {
            JsonNode tree = EventJson.mapper().readTree(data);
            if (tree == null || tree.isMissingNode()) {
                throw invalid(topic, data, DlqReason.INVALID_JSON, List.of("value is not JSON: no JSON value"), null);
            }
            return tree;
        } catch (IOException e) {
            throw invalid(topic, data, DlqReason.INVALID_JSON, List.of("value is not JSON: " + describe(e)), e);
        }
    }

    private InvalidEventException invalid(String topic, byte[] data, DlqReason reason, List<String> problems,
            Throwable cause) {
        String size = data == null ? "no value" : data.length + " bytes";
        String message = "Cannot deserialise " + type.getSimpleName() + " from topic '" + topic + "' (" + size + "), "
                + reason.code() + ": " + String.join("; ", problems);
        return new InvalidEventException(message, reason, problems, cause);
    }

    // Jackson's own message ends in a multi-line location blurb; one line with the field path reads better in logs
    // and in the DLQ detail header.
    private static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException json)) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder(json.getOriginalMessage());
        if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            text.append(" at ").append(fieldPath(mapping));
        }
        JsonLocation location = json.getLocation();
        if (location != null && location.getLineNr() > 0) {
            text.append(" (line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr()).append(')');
        }
        return text.toString();
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
