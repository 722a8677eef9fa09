package io.digitstream.schemas;

import java.util.List;

/**
 * One model's answer for one image.
 *
 * @param probabilities softmax of the model's logits, one per digit 0..9
 * @param latencyMs     the model's batched inference time divided by the batch size
 */
public record ModelPrediction(
        String model, String version, int digit, double confidence, List<Double> probabilities, double latencyMs) {

    public ModelPrediction {
        Require.modelName(model, "model");
        Require.text(version, "version", 64);
        Require.inRange(digit, 0, 9, "digit");
        Require.unitInterval(confidence, "confidence");
        probabilities = Require.probabilities(probabilities, "probabilities");
        Require.notNegative(latencyMs, "latencyMs");
    }
}
