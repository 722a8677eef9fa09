package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;
import io.digitstream.schemas.ModelPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builders for the test events: by default two models, {@code mlp} and {@code cnn}, plus the ensemble. */
final class Events {

    private Events() {
    }

    /** The metric series key of a champion model (or the ensemble) of these events, whose models are version 1. */
    static String series(String model) {
        return MetricSeries.key(io.digitstream.schemas.ModelRole.CHAMPION, model, "1");
    }

    /** Per-model answer; the remaining probability mass is spread evenly over the other digits. */
    static ModelPrediction model(String name, int digit, double confidence, double latencyMs) {
        return new ModelPrediction(name, "1", digit, confidence, probabilities(digit, confidence), latencyMs);
    }

    static DigitPrediction prediction(String id, Instant predictedAt, Duration endToEnd, ModelPrediction mlp,
            ModelPrediction cnn, int ensembleDigit, double ensembleConfidence) {
        return prediction(id, predictedAt, endToEnd, List.of(mlp, cnn), ensembleDigit, ensembleConfidence);
    }

    static DigitPrediction prediction(String id, Instant predictedAt, Duration endToEnd, List<ModelPrediction> models,
            int ensembleDigit, double ensembleConfidence) {
        EnsemblePrediction ensemble = new EnsemblePrediction(ensembleDigit, ensembleConfidence,
                probabilities(ensembleDigit, ensembleConfidence));
        Instant capturedAt = predictedAt.minus(endToEnd);
        boolean agreement = models.stream().allMatch(model -> model.digit() == ensembleDigit);
        return new DigitPrediction(id, models, ensemble, agreement, capturedAt, capturedAt, predictedAt);
    }

    /** A prediction where both models and the ensemble say {@code digit} with confidence 0.9 and 1 ms latency. */
    static DigitPrediction unanimous(String id, Instant predictedAt, int digit) {
        return prediction(id, predictedAt, Duration.ofMillis(50), model("mlp", digit, 0.9, 1.0),
                model("cnn", digit, 0.9, 1.0), digit, 0.9);
    }

    static DigitLabel label(String id, int digit, Instant labeledAt) {
        return new DigitLabel(id, digit, labeledAt);
    }

    /**
     * A reading of a field by mlp and cnn (version 1, set "1"): the ensemble read {@code value}, each model its own
     * string of the same length; digit boxes 20 px apart; read 80 ms after capture.
     */
    static FieldReading fieldReading(String id, Instant readAt, String value, String mlp, String cnn) {
        if (mlp.length() != value.length() || cnn.length() != value.length()) {
            throw new IllegalArgumentException("every model reads the ensemble's boxes: one digit per box");
        }
        List<FieldDigit> digits = new ArrayList<>();
        for (int i = 0; i < value.length(); i++) {
            int digit = value.charAt(i) - '0';
            List<ModelPrediction> models = List.of(model("mlp", mlp.charAt(i) - '0', 0.9, 1.0),
                    model("cnn", cnn.charAt(i) - '0', 0.9, 1.0));
            digits.add(new FieldDigit(new DigitBox(4 + 20 * i, 2, 16, 24),
                    new EnsemblePrediction(digit, 0.9, probabilities(digit, 0.9)), models,
                    models.stream().allMatch(model -> model.digit() == digit)));
        }
        Instant capturedAt = readAt.minusMillis(80);
        return new FieldReading(id, null, digits, new FieldSegmentation(false, false), List.of(), capturedAt,
                capturedAt, readAt, "1");
    }

    static FieldLabel fieldLabel(String id, String value, Instant labeledAt) {
        return new FieldLabel(id, value, labeledAt);
    }

    private static List<Double> probabilities(int digit, double confidence) {
        List<Double> probabilities = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            probabilities.add(d == digit ? confidence : (1 - confidence) / 9);
        }
        return probabilities;
    }
}
