package io.digitstream.schemas;

/**
 * Kafka serde for {@link ReviewItem} on {@link Topics#REVIEW}; the nested classes can be named in SmallRye or Kafka Streams
 * config. Deserialising validates against the topic's JSON Schema and throws {@link InvalidEventException}.
 */
public final class ReviewItemSerde extends EventSerde<ReviewItem> {

    public ReviewItemSerde() {
        super(new Serializer(), new Deserializer());
    }

    public static final class Serializer extends EventSerializer<ReviewItem> {
        public Serializer() {
            super(ReviewItem.class);
        }
    }

    public static final class Deserializer extends EventDeserializer<ReviewItem> {
        public Deserializer() {
            super(ReviewItem.class, Topics.REVIEW);
        }
    }
}
