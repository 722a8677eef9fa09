package io.digitstream.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an event from UTF-8 JSON with {@link EventJson#mapper()}; {@code null} stays {@code null} (a tombstone).
 * Anything else that is not a valid event fails with a {@link SerializationException} naming the type and the cause.
 */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("Cannot deserialise " + type.getSimpleName() + " from topic '" + topic
                    + "' (" + data.length + " bytes): " + describe(e), e);
        }
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
