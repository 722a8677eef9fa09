package io.digitstream.inference.metrics;

import io.digitstream.schemas.DeadLetter;

/**
 * What one of the topology's processors made of a record: a value for the next step, or the dead letter the record
 * became. Both travel on the same stream, so that a dead letter commits in the same exactly-once transaction as the
 * outputs of the records around it; {@link MetricsTopologyProducer} splits them before the next step.
 */
record ValueOrDeadLetter<V>(V value, DeadLetter deadLetter) {

    static <V> ValueOrDeadLetter<V> ofValue(V value) {
        return new ValueOrDeadLetter<>(value, null);
    }

    static <V> ValueOrDeadLetter<V> ofDeadLetter(DeadLetter deadLetter) {
        return new ValueOrDeadLetter<>(null, deadLetter);
    }

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
