package io.digitstream.inference.metrics;

import java.util.List;

/**
 * Drift of the predicted class distribution against a baseline (the training set's class frequencies):
 * {@code PSI = sum over digits of (observed - expected) * ln(observed / expected)}, both as proportions.
 * Rules of thumb: under 0.1 no real shift, 0.1 to 0.25 a moderate shift, above 0.25 a major shift.
 */
final class PopulationStabilityIndex {

    /**
     * A digit never predicted in the window would make the logarithm infinite; flooring proportions at this value is
     * the usual fix and caps one empty class's contribution at about 0.1 * ln(0.1 / 0.0001) = 0.69.
     */
    static final double PROPORTION_FLOOR = 1e-4;

    private final double[] expected;

    /** @param baselineCounts how often each digit 0..9 occurs in the baseline, e.g. the MNIST training labels */
    PopulationStabilityIndex(List<Long> baselineCounts) {
        if (baselineCounts.size() != ConfusionMatrix.CLASSES || baselineCounts.stream().anyMatch(c -> c == null || c <= 0)) {
            throw new IllegalArgumentException(
                    "the PSI baseline needs " + ConfusionMatrix.CLASSES + " positive class counts, not " + baselineCounts);
        }
        this.expected = proportions(baselineCounts.stream().mapToLong(Long::longValue).toArray());
    }

    /** PSI of the observed class counts; {@code null} when nothing was observed. */
    Double of(long[] observedCounts) {
        long total = 0;
        for (long count : observedCounts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double[] observed = proportions(observedCounts);
        double psi = 0;
        for (int digit = 0; digit < expected.length; digit++) {
            double actual = Math.max(observed[digit], PROPORTION_FLOOR);
            double baseline = Math.max(expected[digit], PROPORTION_FLOOR);
            psi += (actual - baseline) * Math.log(actual / baseline);
        }
        return psi;
    }

    private static double[] proportions(long[] counts) {
        double total = 0;
        for (long count : counts) {
            total += count;
        }
        double[] proportions = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            proportions[i] = counts[i] / total;
        }
        return proportions;
    }
}
