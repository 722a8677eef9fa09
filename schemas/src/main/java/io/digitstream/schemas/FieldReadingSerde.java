package io.digitstream.schemas;

/**
 * Kafka serde for {@link FieldReading} on {@link Topics#FIELD_READINGS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class FieldReadingSerde extends EventSerde<FieldReading> {

    public FieldReadingSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<FieldReading> {
        public Serializer() {
            super(FieldReading.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<FieldReading> {
        public Deserializer() {
            super(FieldReading.class, Topics.FIELD_READINGS);
        }
    }
}
