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
        /** Decay of the weight average that is judged and kept instead of the last weights, in (0, 1); 0 means none. */
        float weightAverageDecay,
        boolean augment,
        long seed) {
}
