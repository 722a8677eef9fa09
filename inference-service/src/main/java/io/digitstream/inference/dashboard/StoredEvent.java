package io.digitstream.inference.dashboard;

import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An event kept as the bytes it arrived in and decoded (with its schema check) only when the dashboard first shows
 * it. The dashboard's consumers see every image, prediction, label and review item at full pipeline rate but show a
 * couple of dozen, so decoding, validating and drawing each one as it arrived cost the service as much CPU as
 * inference itself (docs/benchmarks.md).
 */
final class StoredEvent<T> {

    private final byte[] bytes;
    private final Deserializer<T> deserializer;
    private final String topic;
    private Optional<T> decoded;

    StoredEvent(byte[] bytes, Deserializer<T> deserializer, String topic) {
        this.bytes = bytes;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    /** The event, or empty when it is invalid (the pipeline sends those to the DLQ; the dashboard just skips them). */
    Optional<T> get() {
        if (decoded == null) {
            try {
                decoded = Optional.ofNullable(deserializer.deserialize(topic, bytes));
            } catch (RuntimeException invalid) {
                decoded = Optional.empty();
            }
        }
        return decoded;
    }
}
