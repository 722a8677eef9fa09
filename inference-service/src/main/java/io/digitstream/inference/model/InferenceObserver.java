package io.digitstream.inference.model;

import io.digitstream.schemas.ModelRole;

/** Told about every batched model call, so metrics live outside the inference code. */
public interface InferenceObserver {

    InferenceObserver NONE = (model, role, batchSize, nanos) -> {
    };

    void modelBatch(String model, ModelRole role, int batchSize, long nanos);

    /** A challenger set failed on a batch; its answers were left out of that batch's predictions. */
    default void challengerFailed(String version) {
    }
}
