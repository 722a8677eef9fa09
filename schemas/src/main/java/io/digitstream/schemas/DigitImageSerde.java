package io.digitstream.schemas;

/**
 * Kafka serde for {@link DigitImage} on {@link Topics#IMAGES}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class DigitImageSerde extends EventSerde<DigitImage> {

    public DigitImageSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<DigitImage> {
        public Serializer() {
            super(DigitImage.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<DigitImage> {
        public Deserializer() {
            super(DigitImage.class, Topics.IMAGES);
        }
    }
}
