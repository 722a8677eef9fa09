package io.digitstream.inference.bench;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxModel;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.schemas.ModelContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The ceiling: how many images per second the four models can classify in-process, one batched ORT call per model,
 * with no Kafka, JSON or preprocessing in the way. Measures every combination of intra-op threads and batch size.
 *
 * <pre>
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.OrtCeilingBenchmark -Dexec.args="target/quick-models 5"
 * </pre>
 * Arguments: model directory (default {@code target/quick-models} of the repository), seconds per measurement (5).
 */
public final class OrtCeilingBenchmark {

    private static final int[] BATCH_SIZES = {1, 16, 64, 128, 256, 512};
    private static final int[] INTRA_OP_THREADS = {1, 2};

    /** One measured configuration. */
    public record Result(int intraOpThreads, int batchSize, double imagesPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : System.getProperty("digitstream.root", ".") + "/target/quick-models");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Result best = null;
        System.out.println("intra-op threads | batch | images/s (all models)");
        for (int threads : INTRA_OP_THREADS) {
            for (Result result : measure(modelDir, new OnnxThreads(threads, 1), seconds)) {
                System.out.printf(Locale.ROOT, "%16d | %5d | %10.0f%n", result.intraOpThreads(), result.batchSize(),
                        result.imagesPerSecond());
                best = best == null || result.imagesPerSecond() > best.imagesPerSecond() ? result : best;
            }
        }
        System.out.printf(Locale.ROOT, "ceiling: %.0f images/s at batch %d with %d intra-op thread(s)%n",
                best.imagesPerSecond(), best.batchSize(), best.intraOpThreads());
    }

    static List<Result> measure(Path modelDir, OnnxThreads threads, double seconds) throws Exception {
        return measure(modelDir, threads, seconds, BATCH_SIZES);
    }

    static List<Result> measure(Path modelDir, OnnxThreads threads, double seconds, int[] batchSizes)
            throws Exception {
        float[] images = mnistTestImages(java.util.Arrays.stream(batchSizes).max().orElseThrow());
        try (ModelSet models = ModelSet.load(modelDir, threads)) {
            return java.util.Arrays.stream(batchSizes).mapToObj(batch -> {
                try {
                    return new Result(threads.intraOp(), batch, imagesPerSecond(models.models(), images, batch, seconds));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    static double imagesPerSecond(List<OnnxModel> models, float[] images, int batch, double seconds) throws Exception {
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            runAll(models, images, batch);
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long classified = 0;
        while (System.nanoTime() < end) {
            runAll(models, images, batch);
            classified += batch;
        }
        return classified / ((System.nanoTime() - start) / 1e9);
    }

    private static void runAll(List<OnnxModel> models, float[] images, int batch) throws Exception {
        for (OnnxModel model : models) {
            model.logits(images, batch);
        }
    }

    static float[] mnistTestImages(int count) {
        float[] images = new float[count * ModelContract.PIXELS];
        for (int i = 0; i < count; i++) {
            byte[] image = MnistFixtures.testSplit().images().image(i);
            for (int p = 0; p < ModelContract.PIXELS; p++) {
                images[i * ModelContract.PIXELS + p] = (image[p] & 0xFF) / 255f;
            }
        }
        return images;
    }
}
