package io.digitstream.inference.kafka;

import io.digitstream.schemas.Topics;

/**
 * The physical names of the topics the service reads and writes, from {@code digitstream.topics.*}: the one place
 * every reader and writer (the image consumer, the metrics topology, the dashboard's and live metrics' channels)
 * takes them from, so several environments can share a cluster under different names. {@link Topics} holds the
 * contract's names, which key the JSON Schemas and are the defaults of {@code digitstream.topics.*}.
 */
public record TopicNames(String images, String labels, String predictions, String review, String reviewAnswers,
        String dlq, String metrics, String fields, String fieldReadings, String fieldLabels) {

    /** The contract's names. */
    public static final TopicNames DEFAULTS = new TopicNames(Topics.IMAGES, Topics.LABELS, Topics.PREDICTIONS,
            Topics.REVIEW, Topics.REVIEW_ANSWERS, Topics.DLQ, Topics.METRICS, Topics.FIELDS, Topics.FIELD_READINGS,
            Topics.FIELD_LABELS);

    public TopicNames {
        for (String name : new String[] {images, labels, predictions, review, reviewAnswers, dlq, metrics, fields,
                fieldReadings, fieldLabels}) {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a valid Kafka topic name: '" + name + "'");
            }
        }
        if (images.equals(fields)) {
            throw new IllegalArgumentException("images and fields must be different topics, both are '" + images + "'");
        }
    }
}
