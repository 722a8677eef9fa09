package io.digitstream.inference.kafka;

/** Told what happened to each consumed batch, so the processing code stays free of metrics plumbing. */
public interface PipelineObserver {

    PipelineObserver NONE = new PipelineObserver() {
    };

    default void batchConsumed(int records) {
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
