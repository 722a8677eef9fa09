package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.LatencyBenchmark;
import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.export.ParityReport;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.train.EpochStats;
import io.digitstream.trainer.train.TrainingConfig;
import io.digitstream.trainer.train.TrialResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything measured about one trained model: how it was trained, what it costs and how well it does on the test
 * set. {@code testProbabilities} holds one row of 10 class probabilities per test image, in test-set order;
 * {@code validationProbabilities} the same for the validation split, which fits the ensemble's weights.
 */
public record ModelResult(
        Architecture architecture,
        ModelHyperparameters hyperparameters,
        TrainingConfig config,
        List<EpochStats> history,
        List<TrialResult> trials,
        double trainSeconds,
        long params,
        long flopsPerImage,
        Path onnxFile,
        long onnxBytes,
        String onnxSha256,
        ParityReport parity,
        float[][] testProbabilities,
        float[][] validationProbabilities,
        ClassificationMetrics metrics,
        LatencyBenchmark latency,
        Map<ScanDegradation, float[][]> degradedProbabilities) {

    public ModelResult {
        Objects.requireNonNull(architecture, "architecture");
        String name = architecture.id();
        Objects.requireNonNull(hyperparameters, () -> name + ": hyperparameters missing");
        Objects.requireNonNull(config, () -> name + ": training config missing");
        Objects.requireNonNull(onnxFile, () -> name + ": ONNX file missing");
        Objects.requireNonNull(onnxSha256, () -> name + ": ONNX sha256 missing");
        Objects.requireNonNull(parity, () -> name + ": parity report missing");
        Objects.requireNonNull(testProbabilities, () -> name + ": test probabilities missing");
        Objects.requireNonNull(validationProbabilities, () -> name + ": validation probabilities missing");
        Objects.requireNonNull(metrics, () -> name + ": test metrics missing");
        Objects.requireNonNull(latency, () -> name + ": latency benchmark missing");
        history = List.copyOf(Objects.requireNonNull(history, () -> name + ": history missing"));
        trials = List.copyOf(Objects.requireNonNull(trials, () -> name + ": trials missing"));
        degradedProbabilities = Map.copyOf(Objects.requireNonNull(degradedProbabilities,
                () -> name + ": degraded test probabilities missing"));
    }

    /** Accuracy on each degraded copy of the test set ({@link ScanDegradation}), by degradation id, in enum order. */
    public Map<String, Double> degradedAccuracy(int[] testLabels) {
        return ScanDegradation.accuracies(degradedProbabilities, testLabels);
    }

    /** The lower-case model name used in files, the manifest and events. */
    public String name() {
        return architecture.id();
    }
}
