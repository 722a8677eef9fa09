package io.digitstream.schemas;

/**
 * Kafka serde for {@link FieldImage} on {@link Topics#FIELDS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class FieldImageSerde extends EventSerde<FieldImage> {

    public FieldImageSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<FieldImage> {
        public Serializer() {
            super(FieldImage.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<FieldImage> {
        public Deserializer() {
            super(FieldImage.class, Topics.FIELDS);
        }
    }
}
