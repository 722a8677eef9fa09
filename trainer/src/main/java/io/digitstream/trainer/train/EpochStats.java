package io.digitstream.trainer.train;

/** One row of a learning curve. */
public record EpochStats(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double valLoss,
        double valAccuracy,
        double learningRate,
        double seconds) {
}
