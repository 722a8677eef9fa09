package io.digitstream.trainer.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Test-set quality of one predictor. {@code confusion[actual][predicted]} counts images. Precision, recall and F1
 * are per class (index = class); the macro values are their unweighted means over all classes.
 *
 * <p>A ratio whose denominator is zero is defined as 0: a class that is never predicted has precision 0, a class
 * absent from the labels has recall 0, and F1 is 0 when precision + recall is 0. That keeps every number finite (and
 * valid JSON) and counts a never-predicted class against the macro averages instead of silently dropping it.
 */
public record ClassificationMetrics(
        int[][] confusion,
        double accuracy,
        double[] precision,
        double[] recall,
        double[] f1,
        double macroPrecision,
        double macroRecall,
        double macroF1) {

    public static ClassificationMetrics of(int[] labels, int[] predicted, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(
                    "labels and predictions differ in length: " + labels.length + " vs " + predicted.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no labelled predictions to score");
        }
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            confusion[checkClass("label", i, labels[i], classes)][checkClass("prediction", i, predicted[i], classes)]++;
        }
        return fromConfusion(confusion);
    }

    private static ClassificationMetrics fromConfusion(int[][] confusion) {
        int classes = confusion.length;
        long total = 0;
        long correct = 0;
        long[] actualCounts = new long[classes];
        long[] predictedCounts = new long[classes];
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                int count = confusion[actual][predicted];
                total += count;
                actualCounts[actual] += count;
                predictedCounts[predicted] += count;
                if (actual == predicted) {
                    correct += count;
                }
            }
        }
        double[] precision = new double[classes];
        double[] recall = new double[classes];
        double[] f1 = new double[classes];
        for (int c = 0; c < classes; c++) {
            precision[c] = ratio(confusion[c][c], predictedCounts[c]);
            recall[c] = ratio(confusion[c][c], actualCounts[c]);
            f1[c] = ratio(2 * precision[c] * recall[c], precision[c] + recall[c]);
        }
        return new ClassificationMetrics(confusion, ratio(correct, total), precision, recall, f1,
                mean(precision), mean(recall), mean(f1));
    }

    /** Number of test images whose true class is {@code actual}. */
    public int support(int actual) {
        int sum = 0;
        for (int count : confusion[actual]) {
            sum += count;
        }
        return sum;
    }

    /** Off-diagonal cells, largest first (ties broken by class order), at most {@code limit}, zero counts left out. */
    public List<ConfusedPair> mostConfused(int limit) {
        List<ConfusedPair> pairs = new ArrayList<>();
        for (int actual = 0; actual < confusion.length; actual++) {
            for (int predicted = 0; predicted < confusion.length; predicted++) {
                if (actual != predicted && confusion[actual][predicted] > 0) {
                    pairs.add(new ConfusedPair(actual, predicted, confusion[actual][predicted]));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(ConfusedPair::count).reversed()
                .thenComparingInt(ConfusedPair::actual)
                .thenComparingInt(ConfusedPair::predicted));
        return List.copyOf(pairs.subList(0, Math.min(limit, pairs.size())));
    }

    private static int checkClass(String what, int index, int value, int classes) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException(
                    what + " at index " + index + " is " + value + ", outside 0.." + (classes - 1));
        }
        return value;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
