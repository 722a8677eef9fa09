package io.digitstream.inference.model;

import io.digitstream.schemas.ModelRole;

/** Told about every batched model call, so metrics live outside the inference code. */
public interface InferenceObserver {

    InferenceObserver NONE = (model, role, batchSize, nanos) -> {
    };

    void modelBatch(String model, ModelRole role, int batchSize, long nanos);

    /**
     * A challenger answered a batch beside the champion: how many of its ensemble's digits agreed with the champion's.
     * Agreement needs no labels, so it shows at once how differently a new version would decide.
     */
    default void challengerCompared(String challenger, int agreed, int total) {
    }

    /** A challenger set failed on a batch; its answers were left out of that batch's predictions. */
    default void challengerFailed(String version) {
    }
}
