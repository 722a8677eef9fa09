package io.digitstream.trainer;

import ai.djl.Model;
import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.data.TrainingData;
import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.LatencyBenchmark;
import io.digitstream.trainer.evaluate.OnnxLatencyBenchmark;
import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.evaluate.VoteMatrices;
import io.digitstream.trainer.export.OnnxExporter;
import io.digitstream.trainer.export.ParityGate;
import io.digitstream.trainer.export.ParityReport;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.DigitModel;
import io.digitstream.trainer.model.DigitModels;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.report.ModelResult;
import io.digitstream.trainer.train.BlockInference;
import io.digitstream.trainer.train.EpochProgress;
import io.digitstream.trainer.train.HyperparameterSearch;
import io.digitstream.trainer.train.ModelTrainer;
import io.digitstream.trainer.train.SearchBudget;
import io.digitstream.trainer.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything done for one model, in order: search on validation, final training, the engine's test logits, ONNX
 * export and the parity gate on the full test set (which throws on failure); then, once no model trains any more,
 * the ONNX Runtime latency benchmark ({@link #measure}), so that no other model's training skews it.
 */
final class ModelPipeline {

    /** Images the latency benchmark cycles through: enough for its largest batch. */
    private static final int LATENCY_SAMPLE_IMAGES = 256;

    private final RunSettings settings;
    private final TrainingData data;
    private final Path modelDir;
    private final Consumer<String> log;
    private final EpochProgress progress;
    private final int engineThreads;
    /** The test set degraded each way (ScanDegradation), made once for every model of the run. */
    private final Map<ScanDegradation, DigitSet> degradedTests = new EnumMap<>(ScanDegradation.class);
    /** The validation split degraded the same ways: what augmentation settings are compared on, never the test set. */
    private final Map<ScanDegradation, DigitSet> degradedValidation = new EnumMap<>(ScanDegradation.class);

    /** A model trained, exported and checked; its result once its latency is measured. */
    record Trained(Architecture architecture, Path onnxFile, Function<LatencyBenchmark, ModelResult> withLatency) {
    }

    /**
     * @param modelDir      where the ONNX files go: the flat output directory or the run's version directory
     * @param progress      how final training shows its epochs
     * @param engineThreads the training engine's intra-op threads for each model
     */
    ModelPipeline(RunSettings settings, TrainingData data, Path modelDir, Consumer<String> log,
            EpochProgress progress, int engineThreads) {
        this.settings = settings;
        this.data = data;
        this.modelDir = modelDir;
        this.log = log;
        this.progress = progress;
        this.engineThreads = engineThreads;
        for (ScanDegradation degradation : ScanDegradation.values()) {
            degradedTests.put(degradation, degradation.apply(data.test()));
            degradedValidation.put(degradation, degradation.apply(data.validation()));
        }
    }

    Trained train(Architecture architecture) throws IOException {
        TrainingProfile profile = settings.profile();
        DigitModel digitModel = DigitModels.of(architecture);
        AugmentationBounds augmentation = profile.augmentationBounds(architecture);
        if (settings.augment() && !augmentation.equals(profile.augmentationBounds())) {
            log.accept(architecture.id() + ": its own augmentation (" + augmentation.describe() + ")");
        }
        boolean onWorker = settings.augment() && profile.augmentOnWorkerThread(architecture);
        if (onWorker && engineThreads > 1) {
            log.accept(String.format("%s: augmentation on its own thread, training on %d of %d threads",
                    architecture.id(), engineThreads - 1, engineThreads));
        }
        HyperparameterSearch.Result search = search(architecture, digitModel, augmentation, onWorker);
        ModelHyperparameters hyperparameters = search.chosen().model();
        TrainingConfig config = finalConfig(architecture, search.chosen().config());
        log.accept(String.format("%s: final training, width %d, layers %d, dropout %.2f, lr %.5f, batch %d, up to %d"
                + " epochs", architecture.id(), hyperparameters.width(), hyperparameters.layers(),
                hyperparameters.dropout(), config.learningRate(), config.batchSize(), config.maxEpochs()));

        ModelTrainer trainer = new ModelTrainer(augmentation, profile.finalLearningRateFraction(),
                profile.evaluationBatchSize(), progress, onWorker);
        try (Model model = Model.newInstance(architecture.id())) {
            model.setBlock(digitModel.build(hyperparameters));
            ModelTrainer.Outcome outcome = trainer.fit(model, data.train(), data.validation(), config,
                    architecture.id());
            float[][] testLogits = BlockInference.logits(model.getBlock(), model.getNDManager(), data.test(),
                    profile.evaluationBatchSize());
            float[][] testProbabilities = VoteMatrices.softmax(testLogits);
            float[][] validationProbabilities = VoteMatrices.softmax(BlockInference.logits(model.getBlock(),
                    model.getNDManager(), data.validation(), profile.evaluationBatchSize()));
            ClassificationMetrics metrics = ClassificationMetrics.of(data.test().labels(), VoteMatrices.argmax(testLogits),
                    ModelContract.CLASSES);
            log.accept(String.format("%s: best epoch %d of %d, val-acc %.4f, test accuracy %.4f (%.1f s)",
                    architecture.id(), outcome.bestEpoch() + 1, outcome.epochsRun(), outcome.bestValAccuracy(),
                    metrics.accuracy(), outcome.seconds()));
            Map<ScanDegradation, float[][]> degraded = probabilities(model, degradedTests);
            log.accept(architecture.id() + ": on degraded validation digits (augmentation is tuned on these) "
                    + describe(probabilities(model, degradedValidation), data.validation().labels()));
            log.accept(architecture.id() + ": on degraded test digits " + describe(degraded, data.test().labels()));

            Path onnxFile = modelDir.resolve(architecture.id() + ".onnx");
            OnnxExporter.export(architecture, hyperparameters, model.getBlock(), onnxFile);
            ParityReport parity = ParityGate.verify(onnxFile, data.test().pixels(), testLogits);
            log.accept(String.format("%s: parity gate passed on %d images, max |delta logit| %.2e", architecture.id(),
                    parity.images(), parity.maxAbsLogitDelta()));
            long params = DigitModels.parameterCount(model.getBlock());
            long onnxBytes = Files.size(onnxFile);
            String onnxSha256 = Sha256.of(onnxFile);
            return new Trained(architecture, onnxFile, latency -> new ModelResult(architecture, hyperparameters,
                    config, outcome.history(), search.trials(), outcome.seconds(), params,
                    digitModel.flopsPerImage(hyperparameters), onnxFile, onnxBytes, onnxSha256, parity,
                    testProbabilities, validationProbabilities, metrics, latency, degraded));
        }
    }

    /** The ONNX Runtime latency benchmark on all the run's threads, then the model's whole result. */
    ModelResult measure(Trained trained) {
        LatencyBenchmark latency = OnnxLatencyBenchmark.measure(trained.onnxFile(),
                Arrays.copyOf(data.test().pixels(), LATENCY_SAMPLE_IMAGES * ModelContract.PIXELS),
                settings.profile().latencyBudget(), settings.threads());
        return trained.withLatency().apply(latency);
    }

    /**
     * What a model's search and final training cost, for lanes to start the longest first: FLOPs per image of its
     * default shape times the final epochs. A rough guide: it misses how poorly a recurrent model's small steps use
     * the engine.
     */
    double estimatedCost(Architecture architecture) {
        DigitModel model = DigitModels.of(architecture);
        int epochs = settings.epochs().orElse(settings.profile().trainingConfig(architecture, settings.augment(),
                settings.seed()).maxEpochs());
        return (double) model.flopsPerImage(model.defaults()) * epochs;
    }

    private Map<ScanDegradation, float[][]> probabilities(Model model, Map<ScanDegradation, DigitSet> sets) {
        Map<ScanDegradation, float[][]> probabilities = new EnumMap<>(ScanDegradation.class);
        sets.forEach((degradation, digits) -> probabilities.put(degradation, VoteMatrices.softmax(BlockInference.logits(
                model.getBlock(), model.getNDManager(), digits, settings.profile().evaluationBatchSize()))));
        return probabilities;
    }

    private static String describe(Map<ScanDegradation, float[][]> probabilities, int[] labels) {
        return ScanDegradation.accuracies(probabilities, labels).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private HyperparameterSearch.Result search(Architecture architecture, DigitModel digitModel,
            AugmentationBounds augmentation, boolean onWorker) {
        TrainingProfile profile = settings.profile();
        SearchBudget budget = settings.searchBudget().orElse(profile.searchBudget(architecture));
        ModelTrainer quiet = new ModelTrainer(augmentation, profile.finalLearningRateFraction(),
                profile.evaluationBatchSize(), EpochProgress.quiet(), onWorker);
        HyperparameterSearch search = new HyperparameterSearch(quiet, profile.searchSpace(architecture), log);
        if (!budget.isNone()) {
            log.accept(architecture.id() + ": hyperparameter search, " + budget.describe());
        }
        return search.run(architecture.id(), digitModel::build, digitModel.defaults(),
                profile.searchTrialConfig(architecture, settings.augment(), settings.seed()),
                data.searchSubset(profile.searchTrainCount(architecture), settings.seed()), data.validation(),
                budget);
    }

    /** The chosen learning rate and batch size with the profile's full-length schedule. */
    private TrainingConfig finalConfig(Architecture architecture, TrainingConfig chosen) {
        TrainingConfig base = settings.profile().trainingConfig(architecture, settings.augment(), settings.seed());
        int epochs = settings.epochs().orElse(base.maxEpochs());
        return new TrainingConfig(chosen.learningRate(), base.weightDecay(), base.gradientClipNorm(),
                chosen.batchSize(), epochs,
                Math.min(base.warmupEpochs(), epochs - 1), base.patience(), base.weightAverageDecay(), settings.augment(),
                settings.seed());
    }
}
