package io.digitstream.schemas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events built in Java, the way producers build them, for the tests that check records against schemas. */
final class SampleEvents {

    static final Instant CAPTURED = Instant.parse("2026-11-27T08:00:00.123456789Z");
    static final Instant RECEIVED = CAPTURED.plusMillis(9);
    static final Instant PREDICTED = CAPTURED.plusMillis(17);

    private SampleEvents() {
    }

    static DigitImage rawImage(String id, FormRef form) {
        byte[] pixels = new byte[28 * 28];
        for (int row = 6; row < 22; row++) {
            pixels[row * 28 + 14] = (byte) 255;
        }
        return new DigitImage(id, form, CAPTURED, ImageEncoding.RAW, 28, 28, pixels);
    }

    static List<Double> probabilities(int digit, double confidence) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, (1 - confidence) / 9));
        probabilities.set(digit, confidence);
        return probabilities;
    }

    static ModelPrediction modelPrediction(String model, int digit, double confidence) {
        return new ModelPrediction(model, "run-1", digit, confidence, probabilities(digit, confidence), 0.042);
    }

    static DigitPrediction prediction(String id) {
        List<ModelPrediction> models = List.of(modelPrediction("mlp", 1, 0.9), modelPrediction("rnn", 7, 0.6),
                modelPrediction("gru", 1, 0.8), modelPrediction("cnn", 1, 0.99));
        EnsemblePrediction ensemble = new EnsemblePrediction(1, 0.7225, probabilities(1, 0.7225));
        return new DigitPrediction(id, models, ensemble, false, CAPTURED, RECEIVED, PREDICTED);
    }

    static ReviewItem reviewItem(String id) {
        return new ReviewItem(ReviewReason.DISAGREEMENT, prediction(id), rawImage(id, new FormRef("form-1", "zip-3")),
                PREDICTED.plusMillis(1));
    }

    static FieldImage field(String id, LengthRange length) {
        byte[] pixels = new byte[28 * 56];
        for (int row = 6; row < 22; row++) {
            pixels[row * 56 + 14] = (byte) 255;
            pixels[row * 56 + 42] = (byte) 255;
        }
        return new FieldImage(id, new FormRef("form-7", "postcode"), CAPTURED, ImageEncoding.RAW, 56, 28, pixels, length);
    }

    static FieldDigit fieldDigit(int x, int digit, double confidence) {
        List<ModelPrediction> models = List.of(modelPrediction("mlp", digit, confidence),
                modelPrediction("cnn", digit, confidence));
        return new FieldDigit(new DigitBox(x, 6, 3, 16),
                new EnsemblePrediction(digit, confidence, probabilities(digit, confidence)), models, true);
    }

    static FieldReading fieldReading(String id) {
        return new FieldReading(id, new FormRef("form-7", "postcode"),
                List.of(fieldDigit(13, 1, 0.9), fieldDigit(41, 1, 0.8)), new FieldSegmentation(false, false),
                List.of(FieldDoubt.LOW_CONFIDENCE), CAPTURED, RECEIVED, PREDICTED, "run-1");
    }

    static ModelMetrics metrics(long labelledCount, Double quality) {
        LatencySummary latency = new LatencySummary(0.05, 0.09, 0.2, 1.5);
        return new ModelMetrics(EventJson.SCHEMA_VERSION, "ensemble", WindowKind.ROLLING, CAPTURED,
                CAPTURED.plusSeconds(60), 100, labelledCount, quality, quality, quality, quality, latency, latency, 1.67,
                0.93, List.of(0L, 0L, 0L, 0L, 1L, 2L, 3L, 4L, 10L, 80L), Collections.nCopies(10, 10L),
                quality == null ? null : 0.01, CAPTURED.plusSeconds(61));
    }

    static ModelManifest manifest() {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", 3);
        training.put("learningRate", 0.001);
        training.put("layers", List.of(256, 128));
        training.put("note", null);
        List<ManifestEntry> models = List.of("mlp", "cnn").stream()
                .map(name -> new ManifestEntry(name, "run-1", name + ".onnx", "0".repeat(63) + "a",
                        new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                        new TensorSpec("logits", "float32", List.of(-1L, 10L)),
                        0.98, 0.979, 100_000, 200_000, training, CAPTURED))
                .toList();
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("mlp", 0.3);
        weights.put("cnn", 0.7);
        return new ModelManifest("run-1", CAPTURED, models, new SoftVote(weights, 0.021, 0.9912));
    }
}
