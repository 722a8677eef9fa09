package io.digitstream.trainer.evaluate;

import io.digitstream.schemas.SoftVote;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SoftVote}'s per-image arithmetic applied to whole evaluation sets (one row per image), so the accuracy the
 * trainer reports for a model or the ensemble is computed exactly as the service computes each answer.
 */
public final class VoteMatrices {

    private VoteMatrices() {
    }

    /** Each row of logits turned into class probabilities. */
    public static float[][] softmax(float[][] logits) {
        float[][] probabilities = new float[logits.length][];
        for (int row = 0; row < logits.length; row++) {
            try {
                probabilities[row] = narrow(SoftVote.softmax(logits[row]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + row + ": " + e.getMessage(), e);
            }
        }
        return probabilities;
    }

    /** The predicted digit of each row of scores (logits or probabilities); the lower digit wins a tie. */
    public static int[] argmax(float[][] scores) {
        int[] predicted = new int[scores.length];
        for (int row = 0; row < scores.length; row++) {
            predicted[row] = SoftVote.argmax(widen(scores[row]));
        }
        return predicted;
    }

    /**
     * The ensemble's probabilities for every row: the weighted mean of its members' probabilities for that row.
     *
     * @param weights one per member, in member order; non-negative and summing to 1
     */
    public static float[][] softVote(List<float[][]> perModelProbabilities, double[] weights) {
        if (perModelProbabilities.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        SoftVote.requireWeights(weights, perModelProbabilities.size());
        int rows = perModelProbabilities.get(0).length;
        for (int model = 1; model < perModelProbabilities.size(); model++) {
            if (perModelProbabilities.get(model).length != rows) {
                throw new IllegalArgumentException("model " + model + " has " + perModelProbabilities.get(model).length
                        + " rows of probabilities, model 0 has " + rows);
            }
        }
        float[][] ensemble = new float[rows][];
        List<double[]> members = new ArrayList<>(perModelProbabilities.size());
        for (int row = 0; row < rows; row++) {
            members.clear();
            for (float[][] probabilities : perModelProbabilities) {
                members.add(widen(probabilities[row]));
            }
            ensemble[row] = narrow(SoftVote.combine(members, weights));
        }
        return ensemble;
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    private static float[] narrow(double[] values) {
        float[] narrow = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            narrow[i] = (float) values[i];
        }
        return narrow;
    }
}
