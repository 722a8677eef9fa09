package io.digitstream.kafka.embedded;

import io.digitstream.schemas.Topics;

import java.util.List;

/** Every topic of the digit-stream pipeline, created by the CLI and, by default, by the test helpers. */
public final class DigitStreamTopics {
    public static final List<String> ALL = List.of(
            Topics.IMAGES, Topics.LABELS, Topics.PREDICTIONS, Topics.REVIEW, Topics.REVIEW_ANSWERS, Topics.DLQ,
            Topics.METRICS, Topics.FIELDS, Topics.FIELD_READINGS, Topics.FIELD_LABELS);

    private DigitStreamTopics() {
    }
}
