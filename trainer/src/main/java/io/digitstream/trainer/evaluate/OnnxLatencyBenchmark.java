package io.digitstream.trainer.evaluate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.digitstream.schemas.ModelContract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Measures one exported model in ONNX Runtime on this machine: batch-1 latency percentiles and throughput at batch
 * 64 and 256. The time budget is split between warm-up (10 %), batch 1 (50 %) and the two throughput runs (20 % each);
 * every phase runs at least once, so a very small budget still yields numbers, only noisier ones.
 *
 * <p>Input tensors are built before the clock starts: the numbers describe the model run itself (what the inference
 * service pays per batch), not the copy of pixels into native memory.
 */
public final class OnnxLatencyBenchmark {

    private static final int THROUGHPUT_BATCH_SMALL = 64;
    private static final int THROUGHPUT_BATCH_LARGE = 256;
    /** Distinct batch-1 inputs to rotate through, so caches do not see one image over and over. */
    private static final int BATCH1_VARIANTS = 16;

    private OnnxLatencyBenchmark() {
    }

    /**
     * @param samplePixels images to feed, {@code n * 784} values row-major in [0,1]; batches cycle through them
     * @param intraOpThreads ONNX Runtime intra-op threads (the inference service's setting is the fair comparison)
     */
    public static LatencyBenchmark measure(Path onnxFile, float[] samplePixels, Duration budget, int intraOpThreads) {
        validate(onnxFile, samplePixels, budget, intraOpThreads);
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = environment.createSession(onnxFile.toString(), options)) {
                return run(environment, session, samplePixels, budget);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not benchmark " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    private static LatencyBenchmark run(OrtEnvironment environment, OrtSession session, float[] samplePixels,
            Duration budget) throws OrtException {
        if (session.getInputNames().size() != 1) {
            throw new IllegalArgumentException("expected a model with one input, found " + session.getInputNames());
        }
        Runner runner = new Runner(session, session.getInputNames().iterator().next());
        long budgetNanos = budget.toNanos();
        try (Inputs inputs = Inputs.of(environment, samplePixels)) {
            warmUp(runner, inputs, budgetNanos / 10);
            Histogram batch1 = batch1Latency(runner, inputs.singles(), budgetNanos / 2);
            return new LatencyBenchmark(
                    batch1.getValueAtPercentile(50) / 1e6,
                    batch1.getValueAtPercentile(99) / 1e6,
                    imagesPerSecond(runner, inputs.batchSmall(), THROUGHPUT_BATCH_SMALL, budgetNanos / 5),
                    imagesPerSecond(runner, inputs.batchLarge(), THROUGHPUT_BATCH_LARGE, budgetNanos / 5));
        }
    }

    /** Every input shape runs at least once, so ONNX Runtime has planned its memory for each before timing. */
    private static void warmUp(Runner runner, Inputs inputs, long phaseNanos) throws OrtException {
        long deadline = System.nanoTime() + phaseNanos;
        int round = 0;
        do {
            runner.run(inputs.singles().get(round % inputs.singles().size()));
            runner.run(inputs.batchSmall());
            runner.run(inputs.batchLarge());
            round++;
        } while (System.nanoTime() < deadline);
    }

    private static Histogram batch1Latency(Runner runner, List<OnnxTensor> singles, long phaseNanos)
            throws OrtException {
        Histogram histogram = new Histogram(3);
        long deadline = System.nanoTime() + phaseNanos;
        int round = 0;
        do {
            long start = System.nanoTime();
            runner.run(singles.get(round % singles.size()));
            histogram.recordValue(System.nanoTime() - start);
            round++;
        } while (System.nanoTime() < deadline);
        return histogram;
    }

    private static double imagesPerSecond(Runner runner, OnnxTensor batch, int batchSize, long phaseNanos)
            throws OrtException {
        long start = System.nanoTime();
        long deadline = start + phaseNanos;
        long batches = 0;
        do {
            runner.run(batch);
            batches++;
        } while (System.nanoTime() < deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        return batches * batchSize / seconds;
    }

    /** A batch of {@code batchSize} images taken cyclically from the sample, starting at image {@code first}. */
    private static OnnxTensor batchTensor(OrtEnvironment environment, float[] samplePixels, int batchSize, int first)
            throws OrtException {
        int sampleImages = samplePixels.length / ModelContract.PIXELS;
        // A direct buffer lets ONNX Runtime use the memory in place instead of copying it.
        FloatBuffer buffer = ByteBuffer.allocateDirect(batchSize * ModelContract.PIXELS * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < batchSize; i++) {
            buffer.put(samplePixels, ((first + i) % sampleImages) * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        buffer.rewind();
        return OnnxTensor.createTensor(environment, buffer, new long[] {batchSize, ModelContract.SIDE, ModelContract.SIDE});
    }

    private static void validate(Path onnxFile, float[] samplePixels, Duration budget, int intraOpThreads) {
        if (!Files.isRegularFile(onnxFile)) {
            throw new IllegalArgumentException("no ONNX model file at " + onnxFile);
        }
        if (samplePixels.length == 0 || samplePixels.length % ModelContract.PIXELS != 0) {
            throw new IllegalArgumentException("sample pixels must be a non-empty multiple of " + ModelContract.PIXELS
                    + " values (28x28 images), got " + samplePixels.length);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("benchmark budget must be positive, got " + budget);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
    }

    /** The input tensors, built once before any timing and released together. */
    private record Inputs(List<OnnxTensor> singles, OnnxTensor batchSmall, OnnxTensor batchLarge)
            implements AutoCloseable {

        static Inputs of(OrtEnvironment environment, float[] samplePixels) throws OrtException {
            List<OnnxTensor> created = new ArrayList<>();
            try {
                int singles = Math.min(BATCH1_VARIANTS, samplePixels.length / ModelContract.PIXELS);
                for (int i = 0; i < singles; i++) {
                    created.add(batchTensor(environment, samplePixels, 1, i));
                }
                OnnxTensor batchSmall = batchTensor(environment, samplePixels, THROUGHPUT_BATCH_SMALL, 0);
                created.add(batchSmall);
                OnnxTensor batchLarge = batchTensor(environment, samplePixels, THROUGHPUT_BATCH_LARGE, 0);
                created.add(batchLarge);
                return new Inputs(List.copyOf(created.subList(0, singles)), batchSmall, batchLarge);
            } catch (OrtException | RuntimeException e) {
                created.forEach(OnnxTensor::close);
                throw e;
            }
        }

        @Override
        public void close() {
            singles.forEach(OnnxTensor::close);
            batchSmall.close();
            batchLarge.close();
        }
    }

    /** Runs the session on one input tensor and releases the outputs at once, as a real caller would. */
    private record Runner(OrtSession session, String inputName) {
        void run(OnnxTensor input) throws OrtException {
            // Only the time matters here; closing the result releases the logits' native memory.
            session.run(Map.of(inputName, input)).close();
        }
    }
}
