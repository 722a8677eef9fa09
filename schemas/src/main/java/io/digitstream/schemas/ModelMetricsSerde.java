package io.digitstream.schemas;

/**
 * Kafka serde for {@link ModelMetrics} on {@link Topics#METRICS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class ModelMetricsSerde extends EventSerde<ModelMetrics> {

    public ModelMetricsSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<ModelMetrics> {
        public Serializer() {
            super(ModelMetrics.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<ModelMetrics> {
        public Deserializer() {
            super(ModelMetrics.class, Topics.METRICS);
        }
    }
}
