package io.digitstream.trainer.train;

/** Everything that drives one training run of one model, apart from the model's own shape. */
public record TrainingConfig(
        float learningRate,
        float weightDecay,
        /** Global L2 gradient-norm limit per update; 0 means no clipping. */
        float gradientClipNorm,
        int batchSize,
        int maxEpochs,
        int warmupEpochs,
        int patience,
        boolean augment,
        long seed) {
}
