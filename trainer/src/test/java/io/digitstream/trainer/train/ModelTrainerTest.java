package io.digitstream.trainer.train;

import ai.djl.Model;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.model.SeededDropout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny real training runs on the PyTorch engine, on synthetic images so the outcome is known in advance. */
class ModelTrainerTest {

    private static final ModelTrainer TRAINER =
            new ModelTrainer(AugmentationBounds.movesOnly(0, 0), 0.01f, 256, EpochProgress.quiet());

    private static Block smallMlp() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    /** Class k is a horizontal bar on rows 2k+4 and 2k+5, plus noise: easy to learn. */
    static DigitSet bars(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * ModelContract.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(ModelContract.CLASSES);
            for (int p = 0; p < ModelContract.PIXELS; p++) {
                int row = p / ModelContract.SIDE;
                boolean bar = row == 2 * labels[i] + 4 || row == 2 * labels[i] + 5;
                pixels[i * ModelContract.PIXELS + p] = (bar ? 0.7f : 0f) + 0.3f * random.nextFloat();
            }
        }
        return new DigitSet(pixels, labels);
    }

    /** Pure noise with random labels: the only thing to learn is the training set by heart. */
    private static DigitSet noise(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * ModelContract.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(ModelContract.CLASSES);
        }
        return new DigitSet(pixels, labels);
    }

    @Test
    void learnsALearnableProblem() {
        DigitSet validation = bars(500, 2);
        TrainingConfig config = new TrainingConfig(0.003f, 0.0001f, 0f, 32, 3, 0, 3, 0f, false, 11);
        try (Model model = Model.newInstance("bars")) {
            model.setBlock(smallMlp());
            ModelTrainer.Outcome outcome = TRAINER.fit(model, bars(2000, 1), validation, config, "bars");
            assertEquals(3, outcome.epochsRun());
            assertTrue(outcome.bestValAccuracy() > 0.95, "validation accuracy " + outcome.bestValAccuracy());
            assertTrue(outcome.history().get(2).trainLoss() < outcome.history().get(0).trainLoss());
            assertEquals(0.003f * 0.5 * (1 + Math.cos(Math.PI * 2 / 3)) * 0.99 + 0.003 * 0.01,
                    outcome.history().get(2).learningRate(), 1e-6, "epoch rate comes from the schedule");
        }
    }

    @Test
    void stopsEarlyAndRestoresTheBestWeights() {
        DigitSet train = noise(300, 3);
        DigitSet validation = noise(300, 4);
        TrainingConfig config = new TrainingConfig(0.01f, 0f, 0f, 32, 30, 0, 2, 0f, false, 5);
        try (Model model = Model.newInstance("memorise")) {
            model.setBlock(smallMlp());
            ModelTrainer.Outcome outcome = TRAINER.fit(model, train, validation, config, "memorise");
            List<EpochStats> history = outcome.history();

            assertTrue(outcome.epochsRun() < 30, "memorising noise must trigger early stopping");
            assertEquals(outcome.bestEpoch() + 1 + 2, outcome.epochsRun(), "stops exactly `patience` epochs later");
            double lastLoss = history.get(history.size() - 1).valLoss();
            assertTrue(lastLoss > outcome.bestValLoss(), "the last epoch is worse than the best");
            double best = history.stream().mapToDouble(EpochStats::valLoss).min().orElseThrow();
            assertEquals(best, outcome.bestValLoss(), 1e-9);

            BlockInference.LossAndAccuracy restored =
                    BlockInference.measure(model.getBlock(), model.getNDManager(), validation, 100);
            assertEquals(outcome.bestValLoss(), restored.loss(), 1e-5, "the block holds the best epoch's weights");
        }
    }

    @Test
    void sameSeedSameHistory() {
        DigitSet train = bars(600, 1);
        DigitSet validation = bars(200, 2);
        TrainingConfig config = new TrainingConfig(0.003f, 0.0001f, 0f, 64, 2, 1, 2, 0f, false, 21);
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (Model model = Model.newInstance("repeat")) {
                model.setBlock(smallMlp());
                losses[run] = TRAINER.fit(model, train, validation, config, "repeat").bestValLoss();
            }
        }
        assertEquals(losses[0], losses[1], 1e-6);
    }

    @Test
    void aWeightAverageIsJudgedAndKeptWithoutChangingTheTraining() {
        DigitSet train = bars(600, 1);
        DigitSet validation = bars(300, 2);
        TrainingConfig plain = new TrainingConfig(0.003f, 0.0001f, 0f, 64, 4, 1, 4, 0f, false, 21);
        TrainingConfig averaged = new TrainingConfig(0.003f, 0.0001f, 0f, 64, 4, 1, 4, 0.9f, false, 21);
        ModelTrainer.Outcome[] outcomes = new ModelTrainer.Outcome[2];
        double[] restoredLoss = new double[2];
        TrainingConfig[] configs = {plain, averaged};
        for (int run = 0; run < 2; run++) {
            try (Model model = Model.newInstance("average")) {
                model.setBlock(smallMlp());
                outcomes[run] = TRAINER.fit(model, train, validation, configs[run], "average");
                restoredLoss[run] = BlockInference.measure(model.getBlock(), model.getNDManager(), validation, 100)
                        .loss();
            }
        }
        for (int epoch = 0; epoch < 4; epoch++) {
            assertEquals(outcomes[0].history().get(epoch).trainLoss(), outcomes[1].history().get(epoch).trainLoss(),
                    1e-6, "the average only watches: the training steps are the same");
            assertTrue(Math.abs(outcomes[0].history().get(epoch).valLoss()
                    - outcomes[1].history().get(epoch).valLoss()) > 1e-6, "validation scores the average, not the last weights");
        }
        assertEquals(outcomes[1].bestValLoss(), restoredLoss[1], 1e-5, "the block holds the best epoch's average");
        assertEquals(outcomes[0].bestValLoss(), restoredLoss[0], 1e-5);
    }

    private static Block smallMlpWithDropout() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(new SeededDropout(0.3f))
                .add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    /** Trains a small MLP with dropout on a thread of its own, on one engine thread, after {@code start} opens. */
    private static Callable<float[]> trainOnItsOwnThread(long seed, CountDownLatch start) {
        return () -> {
            EngineThreads.setForThisThread(1);
            start.countDown();
            start.await();
            TrainingConfig config = new TrainingConfig(0.003f, 0.0001f, 0f, 32, 2, 0, 2, 0f, true, seed);
            ModelTrainer augmenting = new ModelTrainer(AugmentationBounds.movesOnly(1, 5), 0.01f, 256,
                    EpochProgress.quiet());
            try (Model model = Model.newInstance("side-by-side-" + seed)) {
                model.setBlock(smallMlpWithDropout());
                augmenting.fit(model, bars(1500, 1), bars(200, 2), config, "side-by-side");
                List<Float> weights = new ArrayList<>();
                model.getBlock().getParameters().values().forEach(p -> {
                    for (float w : p.getArray().toFloatArray()) {
                        weights.add(w);
                    }
                });
                float[] flat = new float[weights.size()];
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = weights.get(i);
                }
                return flat;
            }
        };
    }

    @Test
    void modelsTrainedSideBySideLearnExactlyWhatEachLearnsAlone() throws Exception {
        int original = EngineThreads.current();
        ExecutorService lanes = Executors.newFixedThreadPool(2);
        try {
            float[] alone = lanes.submit(trainOnItsOwnThread(31, new CountDownLatch(1))).get();
            CountDownLatch bothReady = new CountDownLatch(2);
            Future<float[]> first = lanes.submit(trainOnItsOwnThread(31, bothReady));
            Future<float[]> second = lanes.submit(trainOnItsOwnThread(32, bothReady));
            float[] besideAnother = first.get();
            assertArrayEquals(alone, besideAnother, "initial weights and dropout masks are the seed's, whatever else"
                    + " trains at the same time");
            assertFalse(Arrays.equals(alone, second.get()), "another seed trains another model");
        } finally {
            lanes.shutdownNow();
            JniUtils.setNumThreads(original);
        }
    }

    @Test
    void anInterruptedTrainingStopsAtItsNextBatch() {
        TrainingConfig config = new TrainingConfig(0.003f, 0.0001f, 0f, 32, 5, 0, 5, 0f, false, 3);
        try (Model model = Model.newInstance("interrupted")) {
            model.setBlock(smallMlp());
            Thread.currentThread().interrupt();
            CancellationException stopped = assertThrows(CancellationException.class,
                    () -> TRAINER.fit(model, bars(300, 1), bars(100, 2), config, "interrupted"));
            assertTrue(stopped.getMessage().startsWith("interrupted epoch 1/5"), stopped.getMessage());
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for the caller to see");
        }
    }

    @Test
    void augmentingOnAWorkerLendsOneEngineThreadForTheRunAndGivesItBackEvenWhenTrainingFails() {
        int original = EngineThreads.current();
        try {
            JniUtils.setNumThreads(2);
            List<Integer> threadsPerEpoch = new ArrayList<>();
            EpochProgress watching = (task, batches) -> {
                threadsPerEpoch.add(EngineThreads.current());
                return EpochProgress.quiet().start(task, batches);
            };
            ModelTrainer onWorker = new ModelTrainer(AugmentationBounds.movesOnly(1, 5), 0.01f, 256, watching, true);
            TrainingConfig augmented = new TrainingConfig(0.003f, 0.0001f, 0f, 64, 2, 0, 2, 0f, true, 21);
            try (Model model = Model.newInstance("lend")) {
                model.setBlock(smallMlp());
                assertTrue(onWorker.fit(model, bars(600, 1), bars(200, 2), augmented, "lend").bestValAccuracy() > 0.9);
            }
            assertEquals(List.of(1, 1), threadsPerEpoch, "the engine trains on one thread fewer");
            assertEquals(2, EngineThreads.current(), "and has it back after");

            threadsPerEpoch.clear();
            TrainingConfig plain = new TrainingConfig(0.003f, 0.0001f, 0f, 64, 1, 0, 1, 0f, false, 21);
            try (Model model = Model.newInstance("nothing-to-augment")) {
                model.setBlock(smallMlp());
                onWorker.fit(model, bars(300, 1), bars(100, 2), plain, "nothing-to-augment");
            }
            assertEquals(List.of(2), threadsPerEpoch, "without augmentation there is nothing to lend a thread for");

            EpochProgress failing = (task, batches) -> {
                throw new IllegalStateException("the terminal went away");
            };
            ModelTrainer failingTrainer = new ModelTrainer(AugmentationBounds.movesOnly(1, 5), 0.01f, 256, failing, true);
            try (Model model = Model.newInstance("fails")) {
                model.setBlock(smallMlp());
                assertThrows(IllegalStateException.class,
                        () -> failingTrainer.fit(model, bars(300, 1), bars(100, 2), augmented, "fails"));
            }
            assertEquals(2, EngineThreads.current(), "a failed run gives the thread back too");

            JniUtils.setNumThreads(1);
            threadsPerEpoch.clear();
            try (Model model = Model.newInstance("one-thread")) {
                model.setBlock(smallMlp());
                onWorker.fit(model, bars(300, 1), bars(100, 2), augmented, "one-thread");
            }
            assertEquals(List.of(1, 1), threadsPerEpoch, "an engine on one thread keeps it");
        } finally {
            JniUtils.setNumThreads(original);
        }
    }
}
