package io.digitstream.schemas;

/**
 * Kafka serde for {@link ReviewAnswer} on {@link Topics#REVIEW_ANSWERS}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class ReviewAnswerSerde extends EventSerde<ReviewAnswer> {

    public ReviewAnswerSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<ReviewAnswer> {
        public Serializer() {
            super(ReviewAnswer.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<ReviewAnswer> {
        public Deserializer() {
            super(ReviewAnswer.class, Topics.REVIEW_ANSWERS);
        }
    }
}
