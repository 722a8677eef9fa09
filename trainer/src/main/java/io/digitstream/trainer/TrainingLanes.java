package io.digitstream.trainer;

import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.EngineThreads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Trains a run's models side by side: one lane per thread (at most one per model), each lane's engine on
 * threads / lanes intra-op threads. Two models on one engine thread each get more done than one model on two, since
 * no model keeps two cores busy all the time (docs/benchmarks.md, "Models side by side"). Lanes take the models
 * longest first, so the long ones do not start last. Results come back in the run's model order; when one model
 * fails, the others are interrupted and the failure is thrown.
 *
 * @param lanes               models trained at the same time
 * @param engineThreadsPerLane the training engine's intra-op threads in each lane
 */
record TrainingLanes(int lanes, int engineThreadsPerLane) {

    /** A model's training, run in a lane. */
    @FunctionalInterface
    interface ModelTask<T> {
        T run(Architecture architecture) throws Exception;
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
     * Runs {@code task} for every model, lanes taking them in decreasing {@code estimatedCost}; returns the results in
     * {@code models} order.
     */
    <T> List<T> run(List<Architecture> models, ToDoubleFunction<Architecture> estimatedCost, ModelTask<T> task)
            throws IOException {
        List<Architecture> longestFirst = new ArrayList<>(models);
        longestFirst.sort(Comparator.comparingDouble(estimatedCost).reversed());
        ExecutorService executor = Executors.newFixedThreadPool(lanes, laneThreads());
        CompletionService<Map.Entry<Architecture, T>> done = new ExecutorCompletionService<>(executor);
        try {
            for (Architecture architecture : longestFirst) {
                done.submit(() -> {
                    EngineThreads.setForThisThread(engineThreadsPerLane);
                    return Map.entry(architecture, task.run(architecture));
                });
            }
            Map<Architecture, T> results = new EnumMap<>(Architecture.class);
            for (int i = 0; i < longestFirst.size(); i++) {
                Map.Entry<Architecture, T> result = done.take().get();
                results.put(result.getKey(), result.getValue());
            }
            return models.stream().map(results::get).toList();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while models were training", e);
        } finally {
            executor.shutdownNow(); // after a failure, the other lanes stop at their next batch
            awaitLanes(executor);
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
