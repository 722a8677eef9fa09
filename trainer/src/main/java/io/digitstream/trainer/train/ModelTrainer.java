package io.digitstream.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitAugmenter;
import io.digitstream.trainer.data.DigitBatches;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.model.SeededDropout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Trains one model: AdamW with a per-epoch warm-up + cosine schedule, optional gradient-norm clipping, softmax
 * cross-entropy, optionally a moving average of the weights that is judged and kept in their place, early stopping on
 * validation loss, and at the end the weights of the best validation epoch written back into the block.
 */
public final class ModelTrainer {

    /** Guards the engine's global random generator while a model's initial weights are drawn from it. */
    private static final Object ENGINE_GENERATOR = new Object();

    private final AugmentationBounds augmentation;
    private final float finalLearningRateFraction;
    private final int evaluationBatchSize;
    private final EpochProgress progress;
    private final boolean augmentOnWorker;

    public ModelTrainer(AugmentationBounds augmentation, float finalLearningRateFraction, int evaluationBatchSize,
            EpochProgress progress) {
        this(augmentation, finalLearningRateFraction, evaluationBatchSize, progress, false);
    }

    /**
     * @param augmentOnWorker augment the next batch on a worker thread while the engine, one thread short, trains on
     *                        this one (when augmenting and the engine has two threads or more)
     */
    public ModelTrainer(AugmentationBounds augmentation, float finalLearningRateFraction, int evaluationBatchSize,
            EpochProgress progress, boolean augmentOnWorker) {
        this.augmentation = augmentation;
        this.finalLearningRateFraction = finalLearningRateFraction;
        this.evaluationBatchSize = evaluationBatchSize;
        this.progress = progress;
        this.augmentOnWorker = augmentOnWorker;
    }

    /** What a training run produced; the model's block now holds the weights of {@code bestEpoch}. */
    public record Outcome(List<EpochStats> history, int bestEpoch, double bestValLoss, double bestValAccuracy,
            double seconds) {

        public int epochsRun() {
            return history.size();
        }
    }

    /**
     * Trains {@code model} (whose block is set but not yet initialised) on {@code train}, judged on {@code validation}.
     * Seeds the engine with {@code config.seed()} first, so initial weights, dropout masks, batch order and
     * augmentation all repeat for the same seed.
     */
    public Outcome fit(Model model, DigitSet train, DigitSet validation, TrainingConfig config, String task) {
        Optional<EngineThreads> lent = augmentOnWorker && config.augment() ? EngineThreads.lendOne() : Optional.empty();
        try {
            return fit(model, train, validation, config, task, lent.isPresent());
        } finally {
            lent.ifPresent(EngineThreads::close);
        }
    }

    private Outcome fit(Model model, DigitSet train, DigitSet validation, TrainingConfig config, String task,
            boolean onWorker) {
        long started = System.nanoTime();
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(config.learningRate(), config.warmupEpochs(),
                config.maxEpochs(), finalLearningRateFraction);
        EpochLearningRate learningRate = new EpochLearningRate(schedule.rate(0));
        Optimizer optimizer = Optimizer.adamW()
                .optLearningRateTracker(learningRate)
                .optWeightDecays(config.weightDecay())
                .build();
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer);
        DigitAugmenter augmenter = config.augment() ? augmentation.augmenter(config.seed()) : null;
        DigitBatches batches = onWorker
                ? DigitBatches.forTrainingOnWorker(train, config.batchSize(), augmenter, config.seed())
                : DigitBatches.forTraining(train, config.batchSize(), augmenter, config.seed());
        EarlyStopping stopping = new EarlyStopping(config.patience());
        List<EpochStats> history = new ArrayList<>();
        ParameterSnapshot best = null;
        double bestValAccuracy = 0;

        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            initialize(trainer, config.batchSize(), config.seed());
            Block block = trainer.getModel().getBlock();
            WeightAverage average = config.weightAverageDecay() != 0
                    ? WeightAverage.of(block, config.weightAverageDecay(), trainer.getManager())
                    : null;
            for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
                learningRate.set(schedule.rate(epoch));
                EpochStats stats = runEpoch(trainer, batches, validation, epoch, learningRate.current(),
                        config.gradientClipNorm(), average,
                        String.format("%s epoch %d/%d", task, epoch + 1, config.maxEpochs()));
                history.add(stats);
                if (stopping.record(epoch, stats.valLoss())) {
                    best = average == null ? ParameterSnapshot.of(block) : average.snapshot();
                    bestValAccuracy = stats.valAccuracy();
                }
                if (stopping.shouldStop()) {
                    break;
                }
            }
        }
        if (best == null) {
            throw new TrainingDivergedException(task + ": training diverged, validation loss was never finite ("
                    + history.get(history.size() - 1).valLoss() + ")");
        }
        best.restore();
        return new Outcome(List.copyOf(history), stopping.bestEpoch(), stopping.bestLoss(), bestValAccuracy,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Initial weights come from the engine's one global generator: seeding it and drawing from it happen under one
     * lock, so models trained side by side each get the weights their seed gives. Dropout has its own generators.
     */
    private static void initialize(Trainer trainer, int batchSize, long seed) {
        synchronized (ENGINE_GENERATOR) {
            Engine.getInstance().setRandomSeed((int) seed);
            trainer.initialize(new Shape(batchSize, ModelContract.SIDE, ModelContract.SIDE));
        }
        SeededDropout.reseed(trainer.getModel().getBlock(), seed);
    }

    private EpochStats runEpoch(Trainer trainer, DigitBatches batches, DigitSet validation, int epoch,
            float learningRate, float clipNorm, WeightAverage average, String task) {
        long started = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        Block block = trainer.getModel().getBlock();
        try (EpochProgress.Bar bar = progress.start(task, batches.batchesPerPass())) {
            for (Batch batch : batches.getData(trainer.getManager())) {
                try (batch) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException(task + ": stopped, the run is failing");
                    }
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    try (GradientCollector collector = new ModelGradientCollector(block)) {
                        NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
                        NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
                        collector.backward(loss);
                        if (clipNorm > 0) {
                            GradientNormClipping.clip(block, trainer.getManager(), clipNorm);
                        }
                        lossSum += loss.getFloat() * batch.getSize();
                        correct += BlockInference.correctCount(predictions.singletonOrThrow(), labels);
                    }
                    trainer.step();
                    if (average != null) {
                        average.update();
                    }
                    seen += batch.getSize();
                }
                bar.step(lossSum / seen);
            }
            BlockInference.LossAndAccuracy validationScore = validate(trainer, validation, average);
            EpochStats stats = new EpochStats(epoch + 1, lossSum / seen, (double) correct / seen,
                    validationScore.loss(), validationScore.accuracy(), learningRate,
                    (System.nanoTime() - started) / 1e9);
            bar.finish(stats);
            return stats;
        }
    }

    /** The validation score of the block's weights, or of {@code average} when there is one (weights put back after). */
    private BlockInference.LossAndAccuracy validate(Trainer trainer, DigitSet validation, WeightAverage average) {
        Block block = trainer.getModel().getBlock();
        if (average == null) {
            return BlockInference.measure(block, trainer.getManager(), validation, evaluationBatchSize);
        }
        ParameterSnapshot trained = ParameterSnapshot.of(block);
        average.snapshot().restore();
        try {
            return BlockInference.measure(block, trainer.getManager(), validation, evaluationBatchSize);
        } finally {
            trained.restore();
        }
    }
}
