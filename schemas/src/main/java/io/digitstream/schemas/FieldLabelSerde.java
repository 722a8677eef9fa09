package io.digitstream.schemas;

/**
 * Kafka serde for {@link FieldLabel} on {@link Topics#FIELD_LABELS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class FieldLabelSerde extends EventSerde<FieldLabel> {

    public FieldLabelSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<FieldLabel> {
        public Serializer() {
            super(FieldLabel.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<FieldLabel> {
        public Deserializer() {
            super(FieldLabel.class, Topics.FIELD_LABELS);
        }
    }
}
