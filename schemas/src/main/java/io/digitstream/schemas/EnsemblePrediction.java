package io.digitstream.schemas;

import java.util.List;

/** The soft-vote of all models: the mean of their probabilities, its arg-max and its maximum. */
public record EnsemblePrediction(int digit, double confidence, List<Double> probabilities) {

    public EnsemblePrediction {
        Require.inRange(digit, 0, 9, "ensemble.digit");
        Require.unitInterval(confidence, "ensemble.confidence");
        probabilities = Require.probabilities(probabilities, "ensemble.probabilities");
    }
}
