package io.digitstream.schemas;

/** Kafka serde for {@link DigitImage}; the nested classes can be named in SmallRye or Kafka Streams config. */
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
            super(DigitImage.class);
        }
    }
}
