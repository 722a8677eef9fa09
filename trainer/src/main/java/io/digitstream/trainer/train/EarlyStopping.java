package io.digitstream.trainer.train;

/**
 * Early stopping on validation loss measured against the best epoch so far (DJL's own listener compares with the
 * previous epoch only): training stops after {@code patience} epochs without a new best.
 */
final class EarlyStopping {

    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int epochsWithoutImprovement;

    EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, was " + patience);
        }
        this.patience = patience;
    }

    /** Records an epoch's validation loss; returns whether it is a new best (the caller then snapshots weights). */
    boolean record(int epoch, double validationLoss) {
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            return true;
        }
        epochsWithoutImprovement++;
        return false;
    }

    boolean shouldStop() {
        return epochsWithoutImprovement >= patience;
    }

    double bestLoss() {
        return bestLoss;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
