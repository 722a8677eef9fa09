package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the models of a {@link ModelManifest} are combined: a soft vote, the weighted mean of their class probabilities.
 * The trainer fits the weights on the validation set (never the test set), so a weaker model cannot outvote a stronger
 * one as it can in an equal vote.
 *
 * <p>The static methods are the vote itself, the one implementation that both the trainer (which reports the
 * ensemble's accuracy) and the service (which publishes its answer for every image) run: softmax per model, the
 * weighted mean of the probabilities, arg-max.
 *
 * @param weights           model name to weight; each in [0, 1], together summing to 1
 * @param validationLogLoss mean negative log-likelihood of the true digit under this vote on the validation set
 * @param testAccuracy      the share of the test set this vote classifies correctly, as the trainer measured it; what
 *                          the served ensemble is held to. Null in manifests written before it was recorded
 *                          (2026-11-29): models trained then keep serving; retrain to get the number.
 */
public record SoftVote(Map<String, Double> weights, double validationLogLoss,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy) {

    /** How far the weights' sum may stray from 1 (they are written as decimal doubles). */
    static final double SUM_TOLERANCE = 1e-6;

    public SoftVote {
        Require.present(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("weights must name at least one model");
        }
        double sum = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            Require.modelName(weight.getKey(), "weights");
            Require.present(weight.getValue(), "weights." + weight.getKey());
            sum += Require.unitInterval(weight.getValue(), "weights." + weight.getKey());
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("weights must sum to 1 but sum to " + sum + ": " + weights);
        }
        Require.notNegative(validationLogLoss, "validationLogLoss");
        if (testAccuracy != null) {
            Require.unitInterval(testAccuracy, "testAccuracy");
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /**
     * One image's class probabilities from one model's logits. The maximum logit is subtracted before exponentiating
     * so that exp() cannot overflow; the result is mathematically unchanged.
     *
     * @throws IllegalArgumentException unless there are {@link ModelContract#CLASSES} finite logits
     */
    public static double[] softmax(float[] logits) {
        if (logits.length != ModelContract.CLASSES) {
            throw new IllegalArgumentException("expected " + ModelContract.CLASSES + " logits but got " + logits.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            if (!Float.isFinite(logit)) {
                throw new IllegalArgumentException("logits contain a non-finite value: " + Arrays.toString(logits));
            }
            max = Math.max(max, logit);
        }
        double[] probabilities = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            probabilities[c] = Math.exp(logits[c] - max);
            sum += probabilities[c];
        }
        for (int c = 0; c < logits.length; c++) {
            probabilities[c] /= sum;
        }
        return probabilities;
    }

    /**
     * The ensemble's probabilities for one image: the weighted mean of its models' probabilities.
     *
     * @param weights one per model, in the same order, each in [0, 1], summing to 1
     */
    public static double[] combine(List<double[]> modelProbabilities, double[] weights) {
        if (modelProbabilities.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        requireWeights(weights, modelProbabilities.size());
        double[] mean = new double[ModelContract.CLASSES];
        for (int m = 0; m < weights.length; m++) {
            double[] probabilities = modelProbabilities.get(m);
            if (probabilities.length != ModelContract.CLASSES) {
                throw new IllegalArgumentException("model " + m + " gives " + probabilities.length
                        + " probabilities, expected " + ModelContract.CLASSES);
            }
            for (int c = 0; c < ModelContract.CLASSES; c++) {
                mean[c] += weights[m] * probabilities[c];
            }
        }
        return mean;
    }

    /** The index of the largest value; the lower digit wins a tie, so the answer is deterministic. */
    /** The index of the largest logit: the class a model answers, before any softmax. */
    public static int argmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no values to choose from");
        }
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }

    public static int argmax(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to choose from");
        }
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Every member the same say. */
    public static double[] equalWeights(int members) {
        if (members < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        double[] equal = new double[members];
        Arrays.fill(equal, 1.0 / members);
        return equal;
    }

    /** @throws IllegalArgumentException unless there is one weight per member, each in [0, 1], summing to 1 */
    public static void requireWeights(double[] weights, int members) {
        if (weights.length != members) {
            throw new IllegalArgumentException(weights.length + " vote weights for " + members + " models");
        }
        double sum = 0;
        for (double weight : weights) {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("vote weights must be in [0, 1] but were " + Arrays.toString(weights));
            }
            sum += weight;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("vote weights must sum to 1 but sum to " + sum);
        }
    }
}
