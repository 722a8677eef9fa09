package io.digitstream.inference.bench;

import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelRegistry;
import io.digitstream.inference.model.ModelSource;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReloadOutcome;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a hot reload costs the batches running through it, in one run: one thread classifies batches back to back
 * while the main thread changes the store's pointer every 2 s and reloads as the poller does (the new set loaded and
 * verified beside the serving one, then swapped). Reports each reload's load time and the batch times in steady state
 * and of the batches that overlapped a reload, and how many batches ran:
 * <pre>
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.ModelSwapBenchmark -Dexec.args="target/quick-models 30 128"
 * </pre>
 * Arguments: a flat model set, seconds (30), batch size (128).
 */
public final class ModelSwapBenchmark {

    private record Batch(long startNanos, long endNanos) {
    }

    public static void main(String[] args) throws Exception {
        Path set = Path.of(args.length > 0 ? args[0] : "target/quick-models");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Path store = ChallengerStore.write(set, Path.of("target", "swap-bench-store"), false);
        MnistSplit test = MnistResolver.builder().build().load().test();
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            byte[] image = test.images().image(i);
            float[] pixels = new float[ModelContract.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (image[p] & 0xff) / 255f;
            }
            requests.add(new ClassificationRequest("bench-" + i, Instant.EPOCH, Instant.EPOCH, pixels));
        }
        try (ModelRegistry registry = ModelRegistry.open(new ModelSource(store), new OnnxThreads(1, 1),
                Clock.systemUTC(), ModelRegistry.Observer.NONE)) {
            DigitClassifier classifier = new DigitClassifier(registry, InferenceObserver.NONE, Clock.systemUTC());
            List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread worker = new Thread(() -> {
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        classifier.classify(requests);
                        batches.add(new Batch(start, System.nanoTime()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "classifier");
            worker.start();
            Thread.sleep(3000);
            batches.clear();
            List<long[]> reloads = new ArrayList<>();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int flip = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(2000);
                String next = flip++ % 2 == 0 ? ChallengerStore.CHALLENGER : ChallengerStore.CHAMPION;
                ModelStore.writePointer(store, new ModelPointer(next, null, null, Instant.now()));
                long start = System.nanoTime();
                ReloadOutcome outcome = registry.reloadIfChanged().orElseThrow();
                reloads.add(new long[] {start, System.nanoTime()});
                if (outcome.result() != ReloadOutcome.Result.SWAPPED) {
                    throw new IllegalStateException("reload did not swap: " + outcome);
                }
            }
            running.set(false);
            worker.join();
            report(batches, reloads, batchSize);
        }
    }

    private static void report(List<Batch> batches, List<long[]> reloads, int batchSize) {
        List<Double> steady = new ArrayList<>();
        List<Double> overlapping = new ArrayList<>();
        for (Batch batch : batches) {
            boolean overlaps = reloads.stream().anyMatch(r -> batch.startNanos() < r[1] && batch.endNanos() > r[0]);
            (overlaps ? overlapping : steady).add((batch.endNanos() - batch.startNanos()) / 1e6);
        }
        List<Double> loadMs = reloads.stream().map(r -> (r[1] - r[0]) / 1e6).sorted().toList();
        Collections.sort(steady);
        Collections.sort(overlapping);
        System.out.printf("batches of %d: %d in steady state, %d overlapping one of %d reloads%n", batchSize,
                steady.size(), overlapping.size(), reloads.size());
        System.out.printf("steady batch ms:      p50 %.2f  p99 %.2f  max %.2f%n", pct(steady, 50), pct(steady, 99),
                pct(steady, 100));
        System.out.printf("overlapping batch ms: p50 %.2f  p99 %.2f  max %.2f%n", pct(overlapping, 50),
                pct(overlapping, 99), pct(overlapping, 100));
        System.out.printf("reload (load + verify + swap) ms: p50 %.1f  max %.1f%n", pct(loadMs, 50), pct(loadMs, 100));
    }

    private static double pct(List<Double> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
