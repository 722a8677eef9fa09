package io.digitstream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes an event as UTF-8 JSON with {@link EventJson#mapper()}; {@code null} stays {@code null} (a tombstone). */
public class EventSerializer<T> implements Serializer<T> {

    private final Class<T> type;

    protected EventSerializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "Cannot serialise " + type.getSimpleName() + " for topic '" + topic + "': " + e.getOriginalMessage(), e);
        }
    }
}
