package io.digitstream.trainer.bench;

import ai.djl.Model;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.data.TrainingData;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.DigitModels;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.train.EpochProgress;
import io.digitstream.trainer.train.ModelTrainer;
import io.digitstream.trainer.train.TrainingConfig;

import java.util.Locale;
import java.util.Map;

/**
 * Training throughput of the standard run's final models (the shapes and batch sizes its search picked in run
 * 20261201-004134), one epoch over 20,000 MNIST images at a time: with the augmentation done in the training thread
 * between steps, with it done a batch ahead on a worker thread while the engine trains with one thread fewer, and
 * without augmentation (what no overlap can beat). {@code -Dthreads=N} sets the engine's threads (default 2).
 * Rounds alternate the modes so drift on a shared machine touches each alike; compare the ratios within a run.
 * <pre>
 * mvn -o -q -pl trainer test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.trainer.bench.TrainingThroughputBenchmark [-Dexec.args="mlp cnn"] [-Dthreads=2]
 * </pre>
 */
public final class TrainingThroughputBenchmark {

    private static final int IMAGES = 20_000;
    private static final int ROUNDS = 2;
    private static final Map<Architecture, ModelHyperparameters> SHAPES = Map.of(
            Architecture.MLP, new ModelHyperparameters(768, 2, 0.2f),
            Architecture.RNN, new ModelHyperparameters(128, 2, 0.2f),
            Architecture.GRU, new ModelHyperparameters(160, 2, 0.2f),
            Architecture.CNN, new ModelHyperparameters(32, 3, 0.3f));

    /** Augmenting in the training thread, on a worker thread (the engine one thread short), or not at all. */
    enum Mode { INLINE, WORKER, NONE }

    public static void main(String[] args) throws java.io.IOException {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("threads", "2"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        MnistDataset mnist = MnistResolver.builder().build().load();
        TrainingData data = TrainingData.prepare(mnist, IMAGES, 1_000, 42);
        AugmentationBounds bounds = new AugmentationBounds(2, 10, 0.1f, 10, 0, 0.5f);
        Architecture[] models = args.length == 0 ? Architecture.values()
                : java.util.Arrays.stream(args).map(Architecture::fromId).toArray(Architecture[]::new);
        Mode[] modes = java.util.Arrays.stream(System.getProperty("modes", "INLINE,WORKER,NONE").split(","))
                .map(Mode::valueOf).toArray(Mode[]::new);
        System.out.printf(Locale.ROOT, "%d training images per epoch, augmentation: %s%n", IMAGES, bounds.describe());
        for (Architecture architecture : models) {
            double[] seconds = new double[Mode.values().length];
            for (int round = 0; round <= ROUNDS; round++) {
                for (Mode mode : modes) {
                    double s = epochSeconds(architecture, bounds, mode, data.train(), data.validation());
                    if (round > 0) { // round 0 warms up the JIT and the engine
                        seconds[mode.ordinal()] += s / ROUNDS;
                    }
                }
            }
            for (Mode mode : modes) {
                System.out.printf(Locale.ROOT, "%s %-7s %6.2f s/epoch  %6.0f images/s  %5.2fx%n", architecture.id(),
                        mode, seconds[mode.ordinal()], IMAGES / seconds[mode.ordinal()],
                        seconds[Mode.INLINE.ordinal()] / seconds[mode.ordinal()]);
            }
        }
    }

    private static double epochSeconds(Architecture architecture, AugmentationBounds bounds, Mode mode,
            DigitSet train, DigitSet validation) {
        TrainingConfig config = new TrainingConfig(0.001f, 1e-4f, architecture == Architecture.RNN ? 1f : 0f, 128, 1,
                0, 1, 0f, mode != Mode.NONE, 42);
        ModelTrainer trainer = new ModelTrainer(bounds, 0.01f, 500, EpochProgress.quiet(), mode == Mode.WORKER);
        try (Model model = Model.newInstance(architecture.id())) {
            model.setBlock(DigitModels.of(architecture).build(SHAPES.get(architecture)));
            return trainer.fit(model, train, validation, config, architecture.id()).history().get(0).seconds();
        }
    }
}
