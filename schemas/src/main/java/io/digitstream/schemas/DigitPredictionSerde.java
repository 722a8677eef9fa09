package io.digitstream.schemas;

/** Kafka serde for {@link DigitPrediction}; the nested classes can be named in SmallRye or Kafka Streams config. */
public final class DigitPredictionSerde extends EventSerde<DigitPrediction> {

    public DigitPredictionSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<DigitPrediction> {
        public Serializer() {
            super(DigitPrediction.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<DigitPrediction> {
        public Deserializer() {
            super(DigitPrediction.class);
        }
    }
}
