package io.digitstream.inference.kafka;

/** Told what happened to each consumed batch, so the processing code stays free of metrics plumbing. */
public interface PipelineObserver {

    PipelineObserver NONE = new PipelineObserver() {
    };

    /** @param oldestAgeMillis how long the batch's oldest record waited in Kafka (now minus its timestamp) */
    default void batchConsumed(int records, long oldestAgeMillis) {
    }

    /** Parsing, preprocessing, inference and serialising one batch took this long (before its transaction). */
    default void batchProcessed(long nanos) {
    }

    /** Writing one batch's outputs and offsets in a Kafka transaction, up to its commit, took this long. */
    default void batchCommitted(long nanos) {
    }

    /** The batch's outputs and offsets are committed: count what was written, once. */
    default void batchWritten(BatchOutputs outputs) {
    }

    /** A batch failed to process and is tried again (bounded, see {@link PoisonRecordIsolator}). */
    default void batchRetried() {
    }

    /** A record failed to process on its own and went to the DLQ as processing-failed. */
    default void recordIsolated() {
    }

    /** A batch's transaction aborted; the consumer rewinds to the last committed offsets and tries it again. */
    default void transactionAborted(Throwable cause) {
    }
}
