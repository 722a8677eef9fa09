package io.digitstream.inference.metrics;

/**
 * Counts of (true digit, predicted digit) pairs, from which accuracy and the macro-averaged precision, recall and
 * F1 follow. Macro averages run over the digits that occur as a label or as a prediction in this matrix (the
 * scikit-learn default), and a digit with no predictions (or no labels) scores 0 precision (or recall) there.
 */
final class ConfusionMatrix {

    static final int CLASSES = 10;

    /** {@code counts[trueDigit][predictedDigit]}. */
    private final long[][] counts;

    ConfusionMatrix() {
        this(new long[CLASSES][CLASSES]);
    }

    ConfusionMatrix(long[][] counts) {
        if (counts.length != CLASSES) {
            throw new IllegalArgumentException("a confusion matrix needs " + CLASSES + " rows, not " + counts.length);
        }
        for (long[] row : counts) {
            if (row.length != CLASSES) {
                throw new IllegalArgumentException("a confusion matrix row needs " + CLASSES + " columns, not " + row.length);
            }
        }
        this.counts = counts;
    }

    long[][] counts() {
        return counts;
    }

    void record(int trueDigit, int predictedDigit) {
        counts[trueDigit][predictedDigit]++;
    }

    /** Adds every count of {@code other} to this matrix. */
    void add(ConfusionMatrix other) {
        for (int trueDigit = 0; trueDigit < CLASSES; trueDigit++) {
            for (int predictedDigit = 0; predictedDigit < CLASSES; predictedDigit++) {
                counts[trueDigit][predictedDigit] += other.counts[trueDigit][predictedDigit];
            }
        }
    }

    long total() {
        long total = 0;
        for (int trueDigit = 0; trueDigit < CLASSES; trueDigit++) {
            total += labelled(trueDigit);
        }
        return total;
    }

    /** Share of labelled predictions that were right; {@code null} without labels, where any number would lie. */
    Double accuracy() {
        long total = total();
        if (total == 0) {
            return null;
        }
        long correct = 0;
        for (int digit = 0; digit < CLASSES; digit++) {
            correct += counts[digit][digit];
        }
        return (double) correct / total;
    }

    Double macroPrecision() {
        return macroAverage(this::precision);
    }

    Double macroRecall() {
        return macroAverage(this::recall);
    }

    Double macroF1() {
        return macroAverage(digit -> {
            double precision = precision(digit);
            double recall = recall(digit);
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        });
    }

    private Double macroAverage(DigitScore score) {
        double sum = 0;
        int present = 0;
        for (int digit = 0; digit < CLASSES; digit++) {
            if (labelled(digit) > 0 || predicted(digit) > 0) {
                sum += score.of(digit);
                present++;
            }
        }
        return present == 0 ? null : sum / present;
    }

    private double precision(int digit) {
        long predicted = predicted(digit);
        return predicted == 0 ? 0 : (double) counts[digit][digit] / predicted;
    }

    private double recall(int digit) {
        long labelled = labelled(digit);
        return labelled == 0 ? 0 : (double) counts[digit][digit] / labelled;
    }

    private long labelled(int trueDigit) {
        long sum = 0;
        for (long count : counts[trueDigit]) {
            sum += count;
        }
        return sum;
    }

    private long predicted(int predictedDigit) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[predictedDigit];
        }
        return sum;
    }

    @FunctionalInterface
    private interface DigitScore {
        double of(int digit);
    }
}
