package io.digitstream.trainer.train;

/**
 * Learning rate per epoch: a linear warm-up over the first {@code warmupEpochs} (starting at
 * {@code base / (warmup + 1)}, so even epoch 0 is damped), then a cosine decay from {@code base} towards
 * {@code base * finalFraction} over the remaining epochs.
 */
public record WarmupCosineSchedule(float baseRate, int warmupEpochs, int totalEpochs, float finalFraction) {

    public WarmupCosineSchedule {
        if (baseRate <= 0 || warmupEpochs < 0 || totalEpochs <= 0 || finalFraction < 0 || finalFraction > 1) {
            throw new IllegalArgumentException("invalid schedule: base " + baseRate + ", warm-up " + warmupEpochs
                    + ", epochs " + totalEpochs + ", final fraction " + finalFraction);
        }
    }

    /** The rate for the 0-based {@code epoch}. */
    public float rate(int epoch) {
        if (epoch < warmupEpochs) {
            return baseRate * (epoch + 1) / (warmupEpochs + 1);
        }
        int decayEpochs = Math.max(1, totalEpochs - warmupEpochs);
        double progress = Math.min(1.0, (double) (epoch - warmupEpochs) / decayEpochs);
        double floor = baseRate * finalFraction;
        return (float) (floor + (baseRate - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
