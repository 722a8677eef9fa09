package io.digitstream.schemas;

/**
 * Kafka serde for {@link DigitPrediction} on {@link Topics#PREDICTIONS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
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
            super(DigitPrediction.class, Topics.PREDICTIONS);
        }
    }
}
