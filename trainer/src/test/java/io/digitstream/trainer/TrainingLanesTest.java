package io.digitstream.trainer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.digitstream.trainer.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLanesTest {

    private static final List<Architecture> ALL = List.of(Architecture.MLP, Architecture.RNN, Architecture.GRU,
            Architecture.CNN);
    /** Made-up costs in which the run's order is not the longest-first order. */
    private static final Map<Architecture, Double> COST = Map.of(Architecture.MLP, 1.0, Architecture.RNN, 2.0,
            Architecture.GRU, 3.0, Architecture.CNN, 4.0);

    @ParameterizedTest
    @CsvSource({"2, 4, 2, 1", "2, 1, 1, 2", "4, 2, 2, 2", "1, 4, 1, 1", "3, 2, 2, 1", "5, 2, 2, 2", "8, 4, 4, 2"})
    void oneLanePerThreadAtMostOnePerModelAndTheThreadsSharedOut(int threads, int models, int lanes,
            int engineThreads) {
        assertEquals(new TrainingLanes(lanes, engineThreads), TrainingLanes.of(threads, models));
    }

    @ParameterizedTest
    @CsvSource({"standard, 2, 4, 2, 1", "standard, 2, 1, 1, 2", "standard, 1, 4, 1, 1", "quick, 2, 4, 1, 2",
            "quick, 1, 4, 1, 1"})
    void theProfileSaysWhetherModelsTrainSideBySide(String profile, int threads, int models, int lanes,
            int engineThreads) {
        RunSettings settings = new RunSettings(TrainingProfile.load(profile), ALL.subList(0, models), 42, true,
                Optional.empty(), Optional.empty(), threads, Path.of("models"), Path.of("reports"), OutputLayout.FLAT,
                Activation.AUTO, 5);
        assertEquals(new TrainingLanes(lanes, engineThreads), settings.lanes());
    }

    @Test
    void zeroThreadsModelsOrLanesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainingLanes.of(0, 4));
        assertThrows(IllegalArgumentException.class, () -> TrainingLanes.of(2, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainingLanes.of(-2, 4));
        assertThrows(IllegalArgumentException.class, () -> new TrainingLanes(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingLanes(1, 0));
    }

    @Test
    void theLogSaysHowTheModelsTrain() {
        assertEquals("training 4 models 2 at a time, each on 1 engine thread", TrainingLanes.of(2, 4).describe(4));
        assertEquals("training 1 model one after another, on 2 engine threads", TrainingLanes.of(2, 1).describe(1));
        assertEquals("training 4 models one after another, on 1 engine thread", TrainingLanes.of(1, 4).describe(4));
    }

    @Test
    void oneLaneTakesTheLongestFirstAndResultsComeBackInTheRunsOrder() throws IOException {
        List<Architecture> started = new CopyOnWriteArrayList<>();
        List<String> results = new TrainingLanes(1, 1).run(ALL, COST::get, architecture -> {
            started.add(architecture);
            return architecture.id() + "-trained";
        });
        assertEquals(List.of(Architecture.CNN, Architecture.GRU, Architecture.RNN, Architecture.MLP), started);
        assertEquals(List.of("mlp-trained", "rnn-trained", "gru-trained", "cnn-trained"), results);
    }

    @Test
    void twoLanesTrainAtTheSameTimeEachOnItsShareOfEngineThreads() throws IOException {
        Engine.getInstance();
        int original = JniUtils.getNumThreads();
        try {
            CountDownLatch bothStarted = new CountDownLatch(2);
            List<Integer> engineThreads = new CopyOnWriteArrayList<>();
            List<String> results = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> new TrainingLanes(2, 1).run(List.of(Architecture.MLP, Architecture.CNN), COST::get,
                            architecture -> {
                                engineThreads.add(JniUtils.getNumThreads());
                                bothStarted.countDown();
                                // Only returns if the other model is training at the same time.
                                if (!bothStarted.await(20, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException(architecture.id() + " trained alone");
                                }
                                return architecture.id();
                            }));
            assertEquals(List.of("mlp", "cnn"), results);
            assertEquals(List.of(1, 1), engineThreads);
        } finally {
            JniUtils.setNumThreads(original);
        }
    }

    @Test
    void aFailingModelStopsTheOthersAndItsErrorIsThrown() {
        AtomicBoolean otherInterrupted = new AtomicBoolean();
        CountDownLatch cnnStarted = new CountDownLatch(1);
        IllegalStateException failure = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalStateException.class,
                        () -> new TrainingLanes(2, 1).run(ALL, COST::get, architecture -> {
                            if (architecture == Architecture.CNN) {
                                cnnStarted.countDown();
                                try {
                                    Thread.sleep(Duration.ofMinutes(5).toMillis()); // a long training
                                } catch (InterruptedException e) {
                                    otherInterrupted.set(true);
                                    throw new java.util.concurrent.CancellationException("cnn stopped");
                                }
                                return "cnn";
                            }
                            cnnStarted.await();
                            throw new IllegalStateException(architecture.id() + ": training diverged");
                        })));
        assertEquals("gru: training diverged", failure.getMessage(), "the first failure, not the cancellation");
        assertTrue(otherInterrupted.get(), "the model still training was stopped before run returned");
    }

    @Test
    void anIoFailureStaysAnIoFailure() {
        IOException failure = assertThrows(IOException.class, () -> new TrainingLanes(2, 1).run(ALL, COST::get,
                architecture -> {
                    if (architecture == Architecture.RNN) {
                        throw new IOException("disk full writing rnn.onnx");
                    }
                    return architecture.id();
                }));
        assertEquals("disk full writing rnn.onnx", failure.getMessage());
    }
}
