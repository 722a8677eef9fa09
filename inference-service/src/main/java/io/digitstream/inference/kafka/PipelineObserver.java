package io.digitstream.inference.kafka;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ReviewReason;

/** Told what happened to each consumed batch, so the processing code stays free of metrics plumbing. */
public interface PipelineObserver {

    PipelineObserver NONE = new PipelineObserver() {
    };

    default void batchConsumed(int records) {
    }

    default void predicted(int images) {
    }

    default void rejected(DlqReason reason) {
    }

    default void flaggedForReview(ReviewReason reason) {
    }
}
