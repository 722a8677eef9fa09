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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLanesTest {

    private static final List<Architecture> ALL = List.of(Architecture.MLP, Architecture.RNN, Architecture.GRU,
            Architecture.CNN);
    /** Made-up costs in which the run's order is not the longest-first order. */
    private static final Map<Architecture, TrainingLanes.Cost> COST = Map.of(
            Architecture.MLP, new TrainingLanes.Cost(0.5, 1), Architecture.RNN, new TrainingLanes.Cost(0.5, 2),
            Architecture.GRU, new TrainingLanes.Cost(0.5, 3), Architecture.CNN, new TrainingLanes.Cost(0.5, 4));
    /** The seconds each step took in the standard run 20261201-055638 (docs/benchmarks.md, "Models side by side"). */
    private static final Map<Architecture, TrainingLanes.Cost> STANDARD = Map.of(
            Architecture.MLP, new TrainingLanes.Cost(86.7, 593.5), Architecture.RNN, new TrainingLanes.Cost(75.9, 422.8),
            Architecture.GRU, new TrainingLanes.Cost(136.0, 767.0), Architecture.CNN, new TrainingLanes.Cost(168.5, 1605.6));

    private static TrainingLanes.Step search(Architecture model) {
        return new TrainingLanes.Step(model, true);
    }

    private static TrainingLanes.Step training(Architecture model) {
        return new TrainingLanes.Step(model, false);
    }

    /** When the last lane would finish if every step took its cost and no training waited for its search. */
    private static double makespan(List<List<TrainingLanes.Step>> plan, Map<Architecture, TrainingLanes.Cost> cost) {
        return plan.stream().mapToDouble(lane -> lane.stream().mapToDouble(step -> step.search()
                ? cost.get(step.model()).search() : cost.get(step.model()).training()).sum()).max().orElse(0);
    }

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
    void theStandardRunsSearchesFillTheLaneWhoseOneLongTrainingWouldFinishFirst() {
        List<List<TrainingLanes.Step>> plan = TrainingLanes.plan(ALL, STANDARD::get, 2);
        assertEquals(List.of(
                List.of(search(Architecture.MLP), search(Architecture.RNN), search(Architecture.CNN),
                        training(Architecture.CNN)),
                List.of(search(Architecture.GRU), training(Architecture.GRU), training(Architecture.MLP),
                        training(Architecture.RNN))), plan);
        // Whole models per lane (CNN | GRU, RNN, MLP) took 2,082 s of steps in the longer lane; this plan 1,937 s.
        assertEquals(1936.7, makespan(plan, STANDARD), 0.01);
    }

    @Test
    void oneLaneRunsEachModelsSearchThenItsTrainingCostliestFirst() {
        assertEquals(List.of(List.of(search(Architecture.CNN), training(Architecture.CNN), search(Architecture.GRU),
                training(Architecture.GRU), search(Architecture.RNN), training(Architecture.RNN),
                search(Architecture.MLP), training(Architecture.MLP))), TrainingLanes.plan(ALL, COST::get, 1));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 2", "2, 2", "3, 2", "4, 2", "4, 3", "4, 4", "4, 8"})
    void everyPlanRunsEachStepOnceAndEverySearchBeforeAnyTrainingOfItsLane(int models, int lanes) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(models * 31L + lanes);
        for (int n = 0; n < 200; n++) {
            Map<Architecture, TrainingLanes.Cost> cost = new java.util.EnumMap<>(Architecture.class);
            for (Architecture model : ALL) {
                // Hostile costs too: zero, negative, infinite and NaN estimates still give a whole plan.
                double[] odd = {0, -1, Double.POSITIVE_INFINITY, Double.NaN};
                cost.put(model, n < 8 ? new TrainingLanes.Cost(odd[n % 4], odd[(n / 4 + 1) % 4])
                        : new TrainingLanes.Cost(random.nextDouble() * 100, random.nextDouble() * 2000));
            }
            List<List<TrainingLanes.Step>> plan = TrainingLanes.plan(ALL.subList(0, models), cost::get, lanes);
            assertEquals(lanes, plan.size());
            List<TrainingLanes.Step> all = plan.stream().flatMap(List::stream).toList();
            assertEquals(2 * models, all.size());
            for (Architecture model : ALL.subList(0, models)) {
                assertEquals(1, all.stream().filter(search(model)::equals).count(), model + " searched once");
                assertEquals(1, all.stream().filter(training(model)::equals).count(), model + " trained once");
            }
            for (List<TrainingLanes.Step> lane : plan) {
                int firstTraining = java.util.stream.IntStream.range(0, lane.size())
                        .filter(i -> !lane.get(i).search()).findFirst().orElse(-1);
                assertTrue(lane.stream().skip(Math.max(0, firstTraining)).noneMatch(TrainingLanes.Step::search)
                        || firstTraining < 0, "a lane's searches come before its trainings: " + lane);
                assertTrue(lane.isEmpty() || firstTraining > 0,
                        "a lane starts with a search its first training needs: " + lane);
                assertTrue(models < lanes || !lane.isEmpty(), "no lane idles while models wait: " + plan);
            }
        }
    }

    @Test
    void aPlanNeedsALane() {
        assertThrows(IllegalArgumentException.class, () -> TrainingLanes.plan(ALL, COST::get, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainingLanes.plan(ALL, COST::get, -1));
    }

    @Test
    void oneLaneTakesTheLongestFirstAndResultsComeBackInTheRunsOrder() throws IOException {
        List<String> steps = new CopyOnWriteArrayList<>();
        List<String> results = new TrainingLanes(1, 1).run(ALL, COST::get, architecture -> {
            steps.add(architecture.id() + " search");
            return architecture.id() + "-picked";
        }, picked -> {
            steps.add(picked + " trained");
            return picked + "-trained";
        });
        assertEquals(List.of("cnn search", "cnn-picked trained", "gru search", "gru-picked trained", "rnn search",
                "rnn-picked trained", "mlp search", "mlp-picked trained"), steps);
        assertEquals(List.of("mlp-picked-trained", "rnn-picked-trained", "gru-picked-trained", "cnn-picked-trained"),
                results);
    }

    @Test
    void aTrainingWaitsForItsSearchInAnotherLaneAndStartsFromItsPick() throws IOException {
        // Lane 1 starts with the MLP's search, lane 0 ends with the MLP's training (see the plan test above).
        List<String> steps = new CopyOnWriteArrayList<>();
        List<String> results = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new TrainingLanes(2, 1).run(ALL, COST::get, architecture -> {
                    if (architecture == Architecture.MLP) {
                        Thread.sleep(500); // lane 0 reaches the MLP's training before this is done
                    }
                    steps.add(architecture.id() + " search");
                    return architecture.id() + "-picked";
                }, picked -> {
                    steps.add(picked + " trained");
                    return picked + "-trained";
                }));
        assertEquals(List.of("mlp-picked-trained", "rnn-picked-trained", "gru-picked-trained", "cnn-picked-trained"),
                results);
        for (Architecture model : ALL) {
            assertTrue(steps.indexOf(model.id() + " search") < steps.indexOf(model.id() + "-picked trained"),
                    model + " trained after its search: " + steps);
        }
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
                            Architecture::id, id -> {
                                engineThreads.add(JniUtils.getNumThreads());
                                bothStarted.countDown();
                                // Only returns if the other model is training at the same time.
                                if (!bothStarted.await(20, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException(id + " trained alone");
                                }
                                return id;
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
                        () -> new TrainingLanes(2, 1).run(ALL, COST::get, Architecture::id, id -> {
                            if (id.equals("cnn")) {
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
                            throw new IllegalStateException(id + ": training diverged");
                        })));
        assertEquals("gru: training diverged", failure.getMessage(), "the first failure, not the cancellation");
        assertTrue(otherInterrupted.get(), "the model still training was stopped before run returned");
    }

    @Test
    void aFailingSearchIsThrownNotTheTrainingThatWaitedForIt() {
        // The RNN's search runs in lane 0; its training, last in lane 1, gets there first and waits.
        List<String> trained = new CopyOnWriteArrayList<>();
        IllegalStateException failure = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalStateException.class,
                        () -> new TrainingLanes(2, 1).run(ALL, COST::get, architecture -> {
                            if (architecture == Architecture.RNN) {
                                Thread.sleep(300);
                                throw new IllegalStateException("rnn: every search trial diverged");
                            }
                            return architecture.id();
                        }, id -> {
                            trained.add(id);
                            return id;
                        })));
        assertEquals("rnn: every search trial diverged", failure.getMessage());
        assertFalse(trained.contains("rnn"), "the RNN never trained without its search");
    }

    @Test
    void anIoFailureStaysAnIoFailure() {
        IOException failure = assertThrows(IOException.class, () -> new TrainingLanes(2, 1).run(ALL, COST::get,
                Architecture::id, id -> {
                    if (id.equals("rnn")) {
                        throw new IOException("disk full writing rnn.onnx");
                    }
                    return id;
                }));
        assertEquals("disk full writing rnn.onnx", failure.getMessage());
        IOException searchFailure = assertThrows(IOException.class, () -> new TrainingLanes(2, 1).run(ALL,
                COST::get, architecture -> {
                    if (architecture == Architecture.GRU) {
                        throw new IOException("disk full caching the search subset");
                    }
                    return architecture.id();
                }, id -> id));
        assertEquals("disk full caching the search subset", searchFailure.getMessage());
    }
}
