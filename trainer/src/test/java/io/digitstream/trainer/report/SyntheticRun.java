package io.digitstream.trainer.report;

import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.SoftVote;
import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.EnsembleWeights;
import io.digitstream.trainer.evaluate.LatencyBenchmark;
import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.evaluate.VoteMatrices;
import io.digitstream.trainer.export.ParityReport;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.train.EpochStats;
import io.digitstream.trainer.train.TrainingConfig;
import io.digitstream.trainer.train.TrialResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small but complete run result with known numbers: four models whose test predictions are wrong at a chosen rate,
 * so the metrics, rankings and report text have something definite to show.
 */
final class SyntheticRun {

    static final int TEST_COUNT = 300;
    static final int VALIDATION_COUNT = 200;
    static final int CLASSES = 10;

    /** Error rates per architecture in declaration order: MLP, RNN, GRU, CNN. */
    private static final double[] ERROR_RATES = {0.08, 0.12, 0.05, 0.02};
    private static final long[] PARAMS = {535_818, 54_410, 153_994, 225_034};
    private static final long[] FLOPS = {1_071_000, 2_130_000, 6_200_000, 22_000_000};
    private static final double[] P50_MS = {0.05, 0.21, 0.48, 0.90};

    private SyntheticRun() {
    }

    static RunResult create() {
        Random random = new Random(42);
        int[] labels = new int[TEST_COUNT];
        byte[] pixels = new byte[TEST_COUNT * ModelContract.PIXELS];
        for (int i = 0; i < TEST_COUNT; i++) {
            labels[i] = i % CLASSES;
            drawBar(pixels, i, labels[i]);
        }
        int[] validationLabels = new int[VALIDATION_COUNT];
        for (int i = 0; i < VALIDATION_COUNT; i++) {
            validationLabels[i] = (3 * i) % CLASSES;
        }
        List<ModelResult> models = new ArrayList<>();
        for (Architecture architecture : Architecture.values()) {
            models.add(model(architecture, labels, validationLabels, random));
        }
        List<float[][]> validation = models.stream().map(ModelResult::validationProbabilities).toList();
        List<float[][]> test = models.stream().map(ModelResult::testProbabilities).toList();
        double[] weights = EnsembleWeights.fit(validation, validationLabels);
        double[] equal = SoftVote.equalWeights(models.size());
        EnsembleFit fit = new EnsembleFit(weights, EnsembleWeights.logLoss(validation, validationLabels, weights),
                EnsembleWeights.logLoss(validation, validationLabels, equal),
                ClassificationMetrics.of(labels, VoteMatrices.argmax(VoteMatrices.softVote(test, equal)), CLASSES));
        float[][] ensemble = VoteMatrices.softVote(test, weights);
        return new RunResult("20260101-120000-test", "quick", 42L, false, Instant.parse("2026-01-01T12:00:00Z"),
                95.5, "test machine, 2 cores", 5_400, VALIDATION_COUNT, TEST_COUNT, labels, pixels, models, ensemble,
                ClassificationMetrics.of(labels, VoteMatrices.argmax(ensemble), CLASSES), fit);
    }

    /** One row of probabilities per label, wrong (a confident other digit) at the given rate. */
    private static float[][] probabilities(int[] labels, double errorRate, Random random) {
        float[][] probabilities = new float[labels.length][CLASSES];
        for (int i = 0; i < labels.length; i++) {
            boolean wrong = random.nextDouble() < errorRate;
            int predicted = wrong ? (labels[i] + 1 + random.nextInt(CLASSES - 1)) % CLASSES : labels[i];
            float top = 0.55f + 0.4f * random.nextFloat();
            for (int c = 0; c < CLASSES; c++) {
                probabilities[i][c] = c == predicted ? top : (1 - top) / (CLASSES - 1);
            }
        }
        return probabilities;
    }

    private static ModelResult model(Architecture architecture, int[] labels, int[] validationLabels, Random random) {
        int index = architecture.ordinal();
        float[][] probabilities = probabilities(labels, ERROR_RATES[index], random);
        float[][] validationProbabilities = probabilities(validationLabels, ERROR_RATES[index], random);
        ModelHyperparameters hp = new ModelHyperparameters(64 * (index + 1), 2, 0.2f);
        TrainingConfig config = new TrainingConfig(1e-3f, 1e-4f, 0f, 128, 3, 1, 2, 0f, false, 42L);
        List<EpochStats> history = List.of(
                new EpochStats(1, 0.9, 0.70, 0.6, 0.80, 5e-4, 2.0),
                new EpochStats(2, 0.4, 0.88, 0.35, 0.90, 1e-3, 2.1),
                new EpochStats(3, 0.2 + 0.01 * index, 0.94, 0.25, 0.93 + 0.01 * index, 2e-4, 2.0));
        List<TrialResult> trials = List.of(
                new TrialResult(1, hp, config, 3, 0.25, 0.93, 6.1, true),
                new TrialResult(2, new ModelHyperparameters(32, 1, 0.1f),
                        new TrainingConfig(3e-3f, 1e-4f, 0f, 64, 3, 1, 2, 0f, false, 42L), 2, 0.31, 0.91, 4.0, false));
        int[] predicted = VoteMatrices.argmax(probabilities);
        return new ModelResult(architecture, hp, config, history, trials, 12.5 * (index + 1), PARAMS[index],
                FLOPS[index], Path.of("/tmp/models/" + architecture.id() + ".onnx"), 1000L * (index + 2),
                "ab".repeat(32), new ParityReport(TEST_COUNT, 2e-6, 1.0), probabilities, validationProbabilities,
                ClassificationMetrics.of(labels, predicted, CLASSES),
                new LatencyBenchmark(P50_MS[index], 2 * P50_MS[index], 10_000.0 / (index + 1), 20_000.0 / (index + 1)),
                degraded(probabilities));
    }

    /**
     * Probabilities on each degraded test set: the clean ones, and for the thick pen every tenth image's answer moved
     * to the next digit (so the report shows a drop it can be checked against).
     */
    private static Map<ScanDegradation, float[][]> degraded(float[][] clean) {
        Map<ScanDegradation, float[][]> degraded = new EnumMap<>(ScanDegradation.class);
        for (ScanDegradation degradation : ScanDegradation.values()) {
            float[][] rows = new float[clean.length][];
            for (int i = 0; i < clean.length; i++) {
                rows[i] = clean[i].clone();
                if (degradation == ScanDegradation.THICK_PEN && i % 10 == 0) {
                    float[] row = rows[i];
                    int top = 0;
                    for (int c = 1; c < row.length; c++) {
                        top = row[c] > row[top] ? c : top;
                    }
                    int next = (top + 1) % row.length;
                    float swap = row[top];
                    row[top] = row[next];
                    row[next] = swap;
                }
            }
            degraded.put(degradation, rows);
        }
        return degraded;
    }

    /** A vertical bar whose column depends on the digit, so gallery tiles differ visibly. */
    private static void drawBar(byte[] pixels, int image, int digit) {
        int column = 4 + 2 * digit;
        for (int row = 4; row < 24; row++) {
            pixels[image * ModelContract.PIXELS + row * 28 + column] = (byte) 255;
            pixels[image * ModelContract.PIXELS + row * 28 + column + 1] = (byte) 180;
        }
    }
}
