package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The soft-vote weights a run fitted on the validation split, with what they bought: the validation log-loss of the
 * fitted and of an equal vote, and the equal vote's test metrics, shown next to the weighted vote's for comparison
 * only (nothing is chosen on them).
 *
 * @param weights one per model, in the run's model order, summing to 1
 */
public record EnsembleFit(
        double[] weights,
        double validationLogLoss,
        double equalVoteValidationLogLoss,
        ClassificationMetrics equalVote) {

    public EnsembleFit {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(equalVote, "equalVote");
    }

    /** Each model's weight under its name, in model order. */
    public Map<String, Double> byModel(List<String> modelNames) {
        if (modelNames.size() != weights.length) {
            throw new IllegalArgumentException(modelNames.size() + " names for " + weights.length + " weights");
        }
        Map<String, Double> named = new LinkedHashMap<>();
        for (int m = 0; m < weights.length; m++) {
            named.put(modelNames.get(m), weights[m]);
        }
        return named;
    }

    /** "mlp 0.041, rnn 0.000, ...": the weights next to the names of the models they belong to. */
    public String describe(List<String> modelNames) {
        return byModel(modelNames).entrySet().stream()
                .map(weight -> String.format(Locale.ROOT, "%s %.3f", weight.getKey(), weight.getValue()))
                .collect(Collectors.joining(", "));
    }
}
