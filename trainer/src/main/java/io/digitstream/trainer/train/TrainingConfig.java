package io.digitstream.trainer.train;

/** Everything that drives one training run of one model, apart from the model's own shape. */
public record TrainingConfig(
        float learningRate,
        float weightDecay,
        int batchSize,
        int maxEpochs,
        int warmupEpochs,
        int patience,
        boolean augment,
        long seed) {
}
