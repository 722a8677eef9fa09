package io.digitstream.trainer.evaluate;

import java.util.List;

/** Soft voting: the ensemble's class probabilities are the plain mean of its members' probabilities. */
public final class SoftVoteEnsemble {

    private SoftVoteEnsemble() {
    }

    public static float[][] probabilities(List<float[][]> perModelProbabilities) {
        if (perModelProbabilities.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
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
                    sums[row][c] += probabilities[row][c];
                }
            }
        }
        float[][] mean = new float[rows][classes];
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < classes; c++) {
                mean[row][c] = (float) (sums[row][c] / perModelProbabilities.size());
            }
        }
        return mean;
    }
}
