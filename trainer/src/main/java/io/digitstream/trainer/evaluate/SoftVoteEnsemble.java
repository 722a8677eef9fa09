package io.digitstream.trainer.evaluate;

import java.util.Arrays;
import java.util.List;

/** Soft voting: the ensemble's class probabilities are a weighted mean of its members' probabilities. */
public final class SoftVoteEnsemble {

    private SoftVoteEnsemble() {
    }

    /** Every member the same say: the plain mean. */
    public static double[] equalWeights(int members) {
        double[] equal = new double[members];
        Arrays.fill(equal, 1.0 / Math.max(1, members));
        return equal;
    }

    /** @param weights one per member, in member order; non-negative and summing to 1 */
    public static float[][] probabilities(List<float[][]> perModelProbabilities, double[] weights) {
        if (perModelProbabilities.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        requireWeights(weights, perModelProbabilities.size());
        float[][] first = perModelProbabilities.get(0);
        int rows = first.length;
        int classes = rows == 0 ? 0 : first[0].length;
        double[][] sums = new double[rows][classes];
        for (int model = 0; model < perModelProbabilities.size(); model++) {
            float[][] probabilities = perModelProbabilities.get(model);
            if (probabilities.length != rows) {
                throw new IllegalArgumentException("model " + model + " has " + probabilities.length
                        + " rows of probabilities, model 0 has " + rows);
            }
            for (int row = 0; row < rows; row++) {
                if (probabilities[row].length != classes) {
                    throw new IllegalArgumentException("model " + model + " row " + row + " has "
                            + probabilities[row].length + " classes, expected " + classes);
                }
                for (int c = 0; c < classes; c++) {
                    sums[row][c] += weights[model] * probabilities[row][c];
                }
            }
        }
        float[][] mean = new float[rows][classes];
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < classes; c++) {
                mean[row][c] = (float) sums[row][c];
            }
        }
        return mean;
    }

    private static void requireWeights(double[] weights, int members) {
        if (weights.length != members) {
            throw new IllegalArgumentException(weights.length + " weights for " + members + " models");
        }
        double sum = 0;
        for (double weight : weights) {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("ensemble weights must be in [0, 1] but were "
                        + Arrays.toString(weights));
            }
            sum += weight;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("ensemble weights must sum to 1 but sum to " + sum);
        }
    }
}
