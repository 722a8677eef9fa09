package io.digitstream.trainer;

import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.EngineThreads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Trains a run's models side by side: one lane per thread (at most one per model), each lane's engine on
 * threads / lanes intra-op threads. Two models on one engine thread each get more done than one model on two, since
 * no model keeps two cores busy all the time (docs/benchmarks.md, "Models side by side").
 * <p>
 * A model's training is two steps, its search and its final training, and lanes are planned step by step
 * ({@link #plan}): the final trainings are shared out longest first, then the searches fill the lighter lanes, so a
 * lane whose one long model would finish early also runs other models' searches. Results come back in the run's
 * model order; when one step fails, the others are interrupted and the failure is thrown.
 *
 * @param lanes               models trained at the same time
 * @param engineThreadsPerLane the training engine's intra-op threads in each lane
 */
record TrainingLanes(int lanes, int engineThreadsPerLane) {

    /** One step of a model's training, run in a lane. */
    @FunctionalInterface
    interface Stage<I, O> {
        O run(I input) throws Exception;
    }

    /** What a model's search and final training are expected to cost, in one unit for all models. */
    record Cost(double search, double training) {

        double total() {
            return search + training;
        }
    }

    /** A lane's step: a model's search, or its final training (which needs the search's result). */
    record Step(Architecture model, boolean search) {

        @Override
        public String toString() {
            return model.id() + (search ? " search" : " training");
        }
    }

    TrainingLanes {
        if (lanes < 1 || engineThreadsPerLane < 1) {
            throw new IllegalArgumentException("lanes and engine threads per lane must be at least 1, were " + lanes
                    + " and " + engineThreadsPerLane);
        }
    }

    /** As many lanes as threads, but no more than models; the threads shared out evenly. */
    static TrainingLanes of(int threads, int models) {
        if (threads < 1 || models < 1) {
            throw new IllegalArgumentException("threads and models must be at least 1, were " + threads + " and "
                    + models);
        }
        int lanes = Math.min(threads, models);
        return new TrainingLanes(lanes, threads / lanes);
    }

    String describe(int models) {
        if (lanes == 1) {
            return String.format("training %s one after another, on %d engine thread%s", plural(models, "model"),
                    engineThreadsPerLane, engineThreadsPerLane == 1 ? "" : "s");
        }
        return String.format("training %s %d at a time, each on %d engine thread%s", plural(models, "model"), lanes,
                engineThreadsPerLane, engineThreadsPerLane == 1 ? "" : "s");
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /**
     * Which lane runs which steps, in order. One lane: each model's search then its training, the costliest model
     * first. More lanes: the final trainings go longest first to the lane with the least work so far; each lane
     * starts its first training's search; every other search goes, longest first, to the lane then lightest, ahead of
     * that lane's own steps so that it is done before the training that needs it comes up.
     */
    static List<List<Step>> plan(List<Architecture> models, Function<Architecture, Cost> cost, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a plan needs at least one lane, not " + lanes);
        }
        if (lanes == 1) {
            List<Step> steps = new ArrayList<>();
            for (Architecture model : longestFirst(models, m -> cost.apply(m).total())) {
                steps.add(new Step(model, true));
                steps.add(new Step(model, false));
            }
            return List.of(steps);
        }
        double[] load = new double[lanes];
        List<List<Architecture>> trainings = new ArrayList<>();
        List<List<Step>> searches = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            trainings.add(new ArrayList<>());
            searches.add(new ArrayList<>());
        }
        List<Architecture> byTraining = longestFirst(models, m -> cost.apply(m).training());
        for (int i = 0; i < byTraining.size(); i++) {
            Architecture model = byTraining.get(i);
            int lane = i < lanes ? i : lightest(load); // every lane gets a training, whatever the estimates say
            trainings.get(lane).add(model);
            load[lane] += cost.apply(model).training();
        }
        List<Architecture> firsts = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            if (!trainings.get(lane).isEmpty()) {
                Architecture first = trainings.get(lane).get(0);
                firsts.add(first);
                load[lane] += cost.apply(first).search();
            }
        }
        List<Architecture> others = new ArrayList<>(models);
        others.removeAll(firsts);
        for (Architecture model : longestFirst(others, m -> cost.apply(m).search())) {
            int lane = lightest(load);
            searches.get(lane).add(new Step(model, true));
            load[lane] += cost.apply(model).search();
        }
        List<List<Step>> plan = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            List<Step> steps = new ArrayList<>(searches.get(lane));
            List<Architecture> own = trainings.get(lane);
            if (!own.isEmpty()) {
                steps.add(new Step(own.get(0), true));
            }
            own.forEach(model -> steps.add(new Step(model, false)));
            plan.add(List.copyOf(steps));
        }
        return List.copyOf(plan);
    }

    private static List<Architecture> longestFirst(List<Architecture> models, ToDoubleFunction<Architecture> cost) {
        List<Architecture> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparingDouble(cost).reversed()); // stable: equal costs keep the run's order
        return sorted;
    }

    private static int lightest(double[] load) {
        int lightest = 0;
        for (int lane = 1; lane < load.length; lane++) {
            if (load[lane] < load[lightest]) {
                lightest = lane;
            }
        }
        return lightest;
    }

    /**
     * Runs every model's {@code search} and then its {@code training} on the search's result, in the lanes
     * {@link #plan} gives; returns the trainings' results in {@code models} order.
     */
    <S, T> List<T> run(List<Architecture> models, Function<Architecture, Cost> cost, Stage<Architecture, S> search,
            Stage<S, T> training) throws IOException {
        Map<Architecture, CompletableFuture<S>> searched = new EnumMap<>(Architecture.class);
        models.forEach(model -> searched.put(model, new CompletableFuture<>()));
        Map<Architecture, T> trained = Collections.synchronizedMap(new EnumMap<>(Architecture.class));
        List<List<Step>> plan = plan(models, cost, lanes);
        ExecutorService executor = Executors.newFixedThreadPool(lanes, laneThreads());
        CompletionService<Void> done = new ExecutorCompletionService<>(executor);
        int running = 0;
        for (List<Step> steps : plan) {
            if (steps.isEmpty()) {
                continue;
            }
            running++;
            done.submit(() -> {
                EngineThreads.setForThisThread(engineThreadsPerLane);
                for (Step step : steps) {
                    CompletableFuture<S> result = searched.get(step.model());
                    if (step.search()) {
                        try {
                            result.complete(search.run(step.model()));
                        } catch (Throwable e) {
                            result.completeExceptionally(e);
                            throw e;
                        }
                    } else {
                        trained.put(step.model(), training.run(awaitSearch(step.model(), result)));
                    }
                }
                return null;
            });
        }
        Throwable failure = null;
        try {
            for (int i = 0; i < running; i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    // A lane whose search failed elsewhere only echoes that failure, which is on its way too.
                    if (failure == null && !(e.getCause() instanceof SearchFailedElsewhere)) {
                        failure = e.getCause();
                        executor.shutdownNow(); // the other lanes stop at their next batch
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while models were training", e);
        } finally {
            executor.shutdownNow();
            awaitLanes(executor);
        }
        if (failure != null) {
            throw rethrow(failure);
        }
        return models.stream().map(trained::get).toList();
    }

    /** The search's result for a training, waiting if another lane still runs it. */
    private static <S> S awaitSearch(Architecture model, CompletableFuture<S> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(model.id() + " stopped waiting for its search");
        } catch (ExecutionException e) {
            throw new SearchFailedElsewhere(model, e.getCause());
        }
    }

    /** A training that cannot start because its search, in another lane, failed. */
    private static final class SearchFailedElsewhere extends RuntimeException {

        SearchFailedElsewhere(Architecture model, Throwable cause) {
            super(model.id() + ": its search failed", cause);
        }
    }

    private static void awaitLanes(ExecutorService executor) {
        try {
            while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                // a lane finishes its current batch and evaluation before it sees the interrupt
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static ThreadFactory laneThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "training-lane-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
