package io.digitstream.schemas;

/** Kafka serde for {@link ModelMetrics}; the nested classes can be named in SmallRye or Kafka Streams config. */
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
            super(ModelMetrics.class);
        }
    }
}
