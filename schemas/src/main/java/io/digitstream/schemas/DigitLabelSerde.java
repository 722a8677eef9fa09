package io.digitstream.schemas;

/**
 * Kafka serde for {@link DigitLabel} on {@link Topics#LABELS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class DigitLabelSerde extends EventSerde<DigitLabel> {

    public DigitLabelSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<DigitLabel> {
        public Serializer() {
            super(DigitLabel.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<DigitLabel> {
        public Deserializer() {
            super(DigitLabel.class, Topics.LABELS);
        }
    }
}
