package io.digitstream.trainer.evaluate;

import java.util.Arrays;
import java.util.List;

/**
 * Soft-vote weights fitted on the validation set: the weights on the simplex that maximise the validation
 * log-likelihood of the weighted mean of the members' probabilities. An equal vote lets a weaker member overrule a
 * stronger one on the digits they disagree about; fitted weights give each member the say its validation record earns.
 *
 * <p>The log-likelihood of a mixture is concave in its weights, so the classic EM update for mixture weights
 * (w<sub>m</sub> ← w<sub>m</sub> · mean over images of p<sub>m</sub>(true) / p<sub>mix</sub>(true)) climbs
 * monotonically to the global optimum from the equal vote; no step size to tune. The test set is never seen here.
 */
public final class EnsembleWeights {

    /** Stops when no weight moves by more than this in one iteration. */
    static final double TOLERANCE = 1e-9;
    static final int MAX_ITERATIONS = 5_000;
    /** Keeps the log finite for an image every member gives probability 0 (only possible with float underflow). */
    private static final double FLOOR = 1e-30;

    private EnsembleWeights() {
    }

    /**
     * @param validationProbabilities per member, N x classes probabilities on the validation set
     * @param labels                  the N true classes
     * @return one weight per member, in member order, each in [0, 1], summing to 1
     */
    public static double[] fit(List<float[][]> validationProbabilities, int[] labels) {
        int members = validationProbabilities.size();
        if (members == 0) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("fitting ensemble weights needs at least one validation image");
        }
        double[][] truthProbability = truthProbabilities(validationProbabilities, labels);
        double[] weights = new double[members];
        Arrays.fill(weights, 1.0 / members);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] next = new double[members];
            for (double[] image : truthProbability) {
                double mixture = Math.max(FLOOR, dot(weights, image));
                for (int m = 0; m < members; m++) {
                    next[m] += weights[m] * image[m] / mixture;
                }
            }
            double change = 0;
            double sum = 0;
            for (int m = 0; m < members; m++) {
                next[m] /= labels.length;
                sum += next[m];
            }
            for (int m = 0; m < members; m++) {
                next[m] /= sum; // exact EM keeps the sum at 1; this only removes rounding drift
                change = Math.max(change, Math.abs(next[m] - weights[m]));
            }
            weights = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        return weights;
    }

    /** Mean negative log-likelihood of the true class under the weighted vote: what {@link #fit} minimises. */
    public static double logLoss(List<float[][]> probabilities, int[] labels, double[] weights) {
        double[][] truthProbability = truthProbabilities(probabilities, labels);
        if (weights.length != probabilities.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + probabilities.size() + " models");
        }
        double loss = 0;
        for (double[] image : truthProbability) {
            loss -= Math.log(Math.max(FLOOR, dot(weights, image)));
        }
        return loss / labels.length;
    }

    /** [image][member]: the probability each member gives the image's true class. */
    private static double[][] truthProbabilities(List<float[][]> probabilities, int[] labels) {
        double[][] truth = new double[labels.length][probabilities.size()];
        for (int m = 0; m < probabilities.size(); m++) {
            float[][] member = probabilities.get(m);
            if (member.length != labels.length) {
                throw new IllegalArgumentException("model " + m + " has " + member.length
                        + " rows of probabilities for " + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= member[i].length) {
                    throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                            + " is not one of the " + member[i].length + " classes");
                }
                truth[i][m] = member[i][labels[i]];
            }
        }
        return truth;
    }

    private static double dot(double[] weights, double[] values) {
        double sum = 0;
        for (int m = 0; m < weights.length; m++) {
            sum += weights[m] * values[m];
        }
        return sum;
    }
}
