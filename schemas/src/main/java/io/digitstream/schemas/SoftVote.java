package io.digitstream.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the models of a {@link ModelManifest} are combined: a soft vote, the weighted mean of their class probabilities.
 * The trainer fits the weights on the validation set (never the test set), so a weaker model cannot outvote a stronger
 * one as it can in an equal vote.
 *
 * @param weights           model name to weight; each in [0, 1], together summing to 1
 * @param validationLogLoss mean negative log-likelihood of the true digit under this vote on the validation set
 */
public record SoftVote(Map<String, Double> weights, double validationLogLoss) {

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
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
