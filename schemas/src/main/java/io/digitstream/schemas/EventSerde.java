package io.digitstream.schemas;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for one event type; the concrete subclasses have no-arg constructors so config can name them. */
public abstract class EventSerde<T> implements Serde<T> {

    private final EventSerializer<T> serializer;
    private final EventDeserializer<T> deserializer;

    protected EventSerde(EventSerializer<T> serializer, EventDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
