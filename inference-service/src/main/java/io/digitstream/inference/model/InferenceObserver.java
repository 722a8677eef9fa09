package io.digitstream.inference.model;

/** Told about every batched model call, so metrics live outside the inference code. */
public interface InferenceObserver {

    InferenceObserver NONE = (model, batchSize, nanos) -> {
    };

    void modelBatch(String model, int batchSize, long nanos);
}
