package io.digitstream.inference.kafka;

import io.digitstream.schemas.Topics;

/**
 * The physical names of the topics the service reads and writes, from {@code digitstream.topics.*}: the one place
 * every reader and writer (the image consumer, the metrics topology, the dashboard's and live metrics' channels)
 * takes them from, so several environments can share a cluster under different names. {@link Topics} holds the
 * contract's names, which key the JSON Schemas and are the defaults of {@code digitstream.topics.*}.
 */
public record TopicNames(String images, String labels, String predictions, String review, String reviewAnswers,
        String dlq, String metrics) {

    public TopicNames {
        for (String name : new String[] {images, labels, predictions, review, reviewAnswers, dlq, metrics}) {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a valid Kafka topic name: '" + name + "'");
            }
        }
    }
}
