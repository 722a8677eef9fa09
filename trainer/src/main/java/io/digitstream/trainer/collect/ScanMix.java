package io.digitstream.trainer.collect;

import io.digitstream.trainer.data.DigitSet;
import java.util.Objects;

/**
 * Reviewed scans a run learns from beside MNIST ({@code --from-topic}): the scans not held back join the training set,
 * each {@code weight} times, so a few hundred scans count beside 60,000 MNIST digits; the held-back ones (a fixed
 * {@code holdoutPercent} of the ids) only measure how well the run reads scans like them.
 */
public record ScanMix(String topic, ReviewedScans.Collected collected, int weight, int holdoutPercent) {

    public ScanMix {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(collected, "collected");
        if (weight < 1 || weight > 1000) {
            throw new IllegalArgumentException("--scan-weight must be 1 to 1000, was " + weight);
        }
        if (holdoutPercent < 0 || holdoutPercent > 90) {
            throw new IllegalArgumentException("--scan-holdout must be 0 to 90 percent, was " + holdoutPercent);
        }
    }

    public DigitSet training() {
        return collected.training(holdoutPercent);
    }

    public DigitSet heldBack() {
        return collected.heldBack(holdoutPercent);
    }
}
