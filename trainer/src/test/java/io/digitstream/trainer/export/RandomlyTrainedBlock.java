package io.digitstream.trainer.export;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.DigitModels;
import io.digitstream.trainer.model.ModelHyperparameters;
import java.util.Random;

/**
 * A model of one architecture, initialised from a fixed seed and trained for a few steps on random images and
 * labels: enough to move every weight and the batch-norm running statistics away from their initial values, without
 * needing MNIST.
 */
final class RandomlyTrainedBlock implements AutoCloseable {

    static final int PIXELS = 28 * 28;
    private static final int TRAINING_STEPS = 3;
    private static final int TRAINING_BATCH = 32;

    final Architecture architecture;
    final ModelHyperparameters hyperparameters;
    private final Model model;

    private RandomlyTrainedBlock(Architecture architecture, ModelHyperparameters hyperparameters, Model model) {
        this.architecture = architecture;
        this.hyperparameters = hyperparameters;
        this.model = model;
    }

    static RandomlyTrainedBlock train(Architecture architecture, ModelHyperparameters hp, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance(architecture.id());
        model.setBlock(DigitModels.of(architecture).build(hp));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        Random random = new Random(seed);
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(TRAINING_BATCH, 28, 28));
            for (int step = 0; step < TRAINING_STEPS; step++) {
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDArray images = scope.create(randomPixels(random, TRAINING_BATCH),
                            new Shape(TRAINING_BATCH, 28, 28));
                    float[] labels = new float[TRAINING_BATCH];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = random.nextInt(10);
                    }
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(images));
                        collector.backward(trainer.getLoss().evaluate(new NDList(scope.create(labels)), predictions));
                    }
                    trainer.step();
                }
            }
        }
        return new RandomlyTrainedBlock(architecture, hp, model);
    }

    static float[] randomPixels(Random random, int images) {
        float[] pixels = new float[images * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    Block block() {
        return model.getBlock();
    }

    /** The engine's own inference-mode logits, the reference the exported file must reproduce. */
    float[][] logits(float[] pixels) {
        int images = pixels.length / PIXELS;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(pixels, new Shape(images, 28, 28));
            float[] flat = block().forward(new ParameterStore(scope, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
            float[][] logits = new float[images][10];
            for (int i = 0; i < images; i++) {
                System.arraycopy(flat, i * 10, logits[i], 0, 10);
            }
            return logits;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
