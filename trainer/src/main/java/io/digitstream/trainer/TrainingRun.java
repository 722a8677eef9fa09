package io.digitstream.trainer;

import io.digitstream.mnist.MnistDataset;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.SmokeTestImage;
import io.digitstream.schemas.SoftVote;
import io.digitstream.trainer.collect.HeldBackEvaluation;
import io.digitstream.trainer.collect.ScanMix;
import io.digitstream.trainer.data.TrainingData;
import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.EnsembleWeights;
import io.digitstream.trainer.evaluate.VoteMatrices;
import io.digitstream.trainer.report.EnsembleFit;
import io.digitstream.trainer.report.ModelResult;
import io.digitstream.trainer.report.ReportWriter;
import io.digitstream.trainer.report.RunResult;
import io.digitstream.trainer.train.EpochProgress;
import io.digitstream.trainer.train.EpochStats;
import io.digitstream.trainer.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A whole trainer run: every selected model through its {@link ModelPipeline}, the soft-vote ensemble (weights fitted
 * on the validation split), the report, and last of all the manifest with its smoke test, so that a run that fails
 * anywhere leaves no manifest behind; then, in a model store, the pointer change and pruning ({@link RunOutput}).
 */
public final class TrainingRun {

    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private TrainingRun() {
    }

    /**
     * What a run left behind.
     *
     * @param manifest the manifest in the flat output directory or in the run's version directory
     * @param version  the version in the model store; empty with the flat layout
     */
    public record Outcome(RunResult result, Path report, Path manifest, Optional<String> version) {
    }

    public static Outcome execute(RunSettings settings, MnistDataset mnist, Consumer<String> log) throws IOException {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        String runId = RUN_ID_TIME.format(startedAt) + "-" + settings.profile().name();
        TrainingProfile profile = settings.profile();
        TrainingData data = TrainingData.prepare(mnist, profile.trainCount(), profile.validationCount(),
                settings.seed());
        if (settings.scans().isPresent()) {
            ScanMix scans = settings.scans().get();
            data = data.withExtraTraining(scans.training(), scans.weight());
            log.accept(String.format("learning from %d reviewed scans of %s (each %d times) beside MNIST; %d held back"
                    + " to evaluate", scans.training().count(), scans.topic(), scans.weight(), scans.heldBack().count()));
        }
        log.accept(String.format("run %s: %d training, %d validation, %d test images, augmentation %s, seed %d",
                runId, data.train().count(), data.validation().count(), data.test().count(),
                settings.augment() ? "on (" + profile.augmentationBounds().describe() + ")" : "off", settings.seed()));

        RunOutput output = RunOutput.open(settings.outputDir(), settings.layout(), runId);
        log.accept("models go to " + output.modelDir());
        RunResult result;
        Path report;
        Path manifest;
        Optional<HeldBackEvaluation> heldBack;
        try {
            result = trainAndEvaluate(settings, data, output.modelDir(), runId, startedAt, started, log);
            heldBack = settings.scans().map(scans -> HeldBackEvaluation.of(scans.heldBack(), onnxFiles(result),
                    result.ensembleFit().byModel(result.models().stream().map(ModelResult::name).toList())));
            heldBack.ifPresent(evaluation -> log.accept(evaluation.describe()));
            report = ReportWriter.write(result, settings.reportsDir().resolve(runId));
            List<SmokeTestSelection.Choice> smokeTest = SmokeTestSelection.select(result.testLabels(),
                    result.testPixels(), testProbabilities(result));
            log.accept(SmokeTestSelection.describe(smokeTest));
            manifest = ManifestFiles.write(output.modelDir(),
                    manifest(runId, result, settings, SmokeTestSelection.images(smokeTest), heldBack));
            if (heldBack.isPresent()) {
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(
                        report.resolveSibling("reviewed-scans.json").toFile(), reviewedScans(settings, heldBack.get()));
            }
        } catch (IOException | RuntimeException e) {
            output.discard(log);
            throw e;
        }
        log.accept("report: " + report);
        log.accept("manifest: " + manifest);
        output.activate(settings.activation(), settings.keep(), Instant.now(), log);
        return new Outcome(result, report, manifest, output.version());
    }

    private static RunResult trainAndEvaluate(RunSettings settings, TrainingData data, Path modelDir, String runId,
            Instant startedAt, long started, Consumer<String> log) throws IOException {
        TrainingProfile profile = settings.profile();
        TrainingLanes lanes = settings.lanes();
        String sharing = lanes.describe(settings.models().size());
        log.accept(sharing);
        ModelPipeline pipeline = new ModelPipeline(settings, data, modelDir, log,
                lanes.lanes() > 1 ? EpochProgress.lines(log) : EpochProgress.terminal(), lanes.engineThreadsPerLane());
        List<ModelPipeline.Trained> trained = lanes.run(settings.models(), pipeline::estimatedCost, pipeline::train);
        List<ModelResult> models = new ArrayList<>();
        for (ModelPipeline.Trained model : trained) {
            models.add(pipeline.measure(model));
        }

        List<float[][]> validationProbabilities = models.stream().map(ModelResult::validationProbabilities).toList();
        List<float[][]> testProbabilities = models.stream().map(ModelResult::testProbabilities).toList();
        int[] validationLabels = data.validation().labels();
        double[] weights = EnsembleWeights.fit(validationProbabilities, validationLabels);
        double[] equal = SoftVote.equalWeights(models.size());
        EnsembleFit fit = new EnsembleFit(weights,
                EnsembleWeights.logLoss(validationProbabilities, validationLabels, weights),
                EnsembleWeights.logLoss(validationProbabilities, validationLabels, equal),
                ClassificationMetrics.of(data.test().labels(),
                        VoteMatrices.argmax(VoteMatrices.softVote(testProbabilities, equal)), ModelContract.CLASSES));
        float[][] ensemble = VoteMatrices.softVote(testProbabilities, weights);
        ClassificationMetrics ensembleMetrics = ClassificationMetrics.of(data.test().labels(), VoteMatrices.argmax(ensemble),
                ModelContract.CLASSES);
        log.accept(String.format("ensemble of %d: weights fitted on validation %s (validation log-loss %.4f, equal"
                + " vote %.4f); test accuracy %.4f (equal vote %.4f)", models.size(),
                fit.describe(models.stream().map(ModelResult::name).toList()), fit.validationLogLoss(),
                fit.equalVoteValidationLogLoss(), ensembleMetrics.accuracy(), fit.equalVote().accuracy()));
        return new RunResult(runId, profile.name(), settings.seed(), settings.augment(), startedAt,
                (System.nanoTime() - started) / 1e9,
                MachineDescription.current() + "; " + sharing, data.train().count(),
                data.validation().count(), data.test().count(), data.test().labels(), data.testPixels(), models,
                ensemble, ensembleMetrics, fit);
    }

    /** Each model's test probabilities from the trained engine, in manifest order. */
    private static Map<String, float[][]> testProbabilities(RunResult run) {
        Map<String, float[][]> probabilities = new LinkedHashMap<>();
        run.models().forEach(model -> probabilities.put(model.name(), model.testProbabilities()));
        return probabilities;
    }

    private static Map<String, Path> onnxFiles(RunResult run) {
        Map<String, Path> files = new LinkedHashMap<>();
        run.models().forEach(model -> files.put(model.name(), model.onnxFile()));
        return files;
    }

    /** What the run learnt from the review queue and how it reads the held-back scans, for the manifest and report. */
    private static Map<String, Object> reviewedScans(RunSettings settings, HeldBackEvaluation heldBack) {
        ScanMix scans = settings.scans().orElseThrow();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("topic", scans.topic());
        summary.put("answers", scans.collected().answers());
        summary.put("trainingScans", scans.training().count());
        summary.put("weight", scans.weight());
        summary.put("heldBackScans", heldBack.scans());
        summary.put("notADigit", scans.collected().notADigit());
        summary.put("unreadable", scans.collected().unreadable());
        summary.put("heldBackAccuracy", new java.util.TreeMap<>(heldBack.accuracy()));
        return summary;
    }

    private static ModelManifest manifest(String runId, RunResult run, RunSettings settings,
            List<SmokeTestImage> smokeTest, Optional<HeldBackEvaluation> heldBack) {
        Instant createdAt = Instant.now();
        List<ManifestEntry> entries = run.models().stream().map(model -> new ManifestEntry(model.name(), runId,
                model.onnxFile().getFileName().toString(), model.onnxSha256(),
                ModelContract.input(), ModelContract.output(), model.metrics().accuracy(),
                model.metrics().macroF1(), model.params(), model.flopsPerImage(),
                training(model, run, settings, heldBack), createdAt)).toList();
        SoftVote vote = new SoftVote(run.ensembleFit().byModel(run.models().stream().map(ModelResult::name).toList()),
                run.ensembleFit().validationLogLoss(), run.ensemble().accuracy());
        return new ModelManifest(runId, createdAt, entries, vote, smokeTest);
    }

    private static Map<String, Object> training(ModelResult model, RunResult run, RunSettings settings,
            Optional<HeldBackEvaluation> heldBack) {
        TrainingConfig config = model.config();
        EpochStats best = model.history().stream()
                .min((a, b) -> Double.compare(a.valLoss(), b.valLoss())).orElseThrow();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("profile", run.profile());
        training.put("seed", run.seed());
        training.put("trainImages", run.trainCount());
        training.put("validationImages", run.validationCount());
        training.put("width", model.hyperparameters().width());
        training.put("layers", model.hyperparameters().layers());
        training.put("dropout", model.hyperparameters().dropout());
        training.put("optimizer", "AdamW");
        training.put("learningRate", config.learningRate());
        training.put("schedule", "warm-up + cosine, per epoch");
        training.put("weightDecay", config.weightDecay());
        training.put("gradientClipNorm", config.gradientClipNorm());
        training.put("batchSize", config.batchSize());
        training.put("maxEpochs", config.maxEpochs());
        training.put("epochsRun", model.history().size());
        training.put("bestEpoch", best.epoch());
        training.put("warmupEpochs", config.warmupEpochs());
        training.put("patience", config.patience());
        training.put("augment", config.augment());
        if (config.augment()) {
            training.put("augmentation", settings.profile().augmentationBounds(model.architecture()).describe());
        }
        training.put("validationAccuracy", best.valAccuracy());
        training.put("searchTrials", model.trials().size());
        training.put("trainSeconds", model.trainSeconds());
        training.put("parityMaxAbsLogitDelta", model.parity().maxAbsLogitDelta());
        training.put("threads", settings.threads());
        TrainingLanes lanes = settings.lanes();
        training.put("modelsAtOnce", lanes.lanes());
        training.put("engineThreads", lanes.engineThreadsPerLane());
        heldBack.ifPresent(evaluation -> {
            ScanMix scans = settings.scans().orElseThrow();
            training.put("reviewedScansTopic", scans.topic());
            training.put("reviewedScansTrained", scans.training().count());
            training.put("reviewedScansWeight", scans.weight());
            training.put("reviewedScansHeldBack", evaluation.scans());
            training.put("reviewedScansHeldBackAccuracy", evaluation.accuracy().get(model.name()));
        });
        return training;
    }
}
