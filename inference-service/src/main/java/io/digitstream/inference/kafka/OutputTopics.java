package io.digitstream.inference.kafka;

/** Where the service writes; configurable so several environments can share one cluster. */
public record OutputTopics(String predictions, String review, String dlq) {
}
