package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLatencyBenchmarkTest {

    private static final int IMAGES = 8;

    @TempDir
    static Path dir;

    private static Path model;
    private static float[] pixels;

    @BeforeAll
    static void buildModel() throws Exception {
        model = TinyOnnxModel.write(dir.resolve("tiny.onnx"));
        Random random = new Random(1);
        pixels = new float[IMAGES * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
    }

    @Test
    void tinyModelFollowsTheContract() throws Exception {
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        try (OrtSession session = environment.createSession(model.toString());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels),
                     new long[] {IMAGES, 28, 28});
             OrtSession.Result result = session.run(Map.of("pixels", input))) {
            float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
            assertEquals(IMAGES, logits.length);
            assertEquals(10, logits[0].length);
        }
    }

    @Test
    void measuresPositiveLatencyAndThroughput() {
        LatencyBenchmark benchmark = OnnxLatencyBenchmark.measure(model, pixels, Duration.ofMillis(1500), 2);

        assertTrue(benchmark.batch1P50Ms() > 0, "p50 " + benchmark);
        assertTrue(benchmark.batch1P99Ms() >= benchmark.batch1P50Ms(), "p99 below p50: " + benchmark);
        assertTrue(benchmark.imagesPerSecondBatch64() > 0, "batch 64 " + benchmark);
        assertTrue(benchmark.imagesPerSecondBatch256() > 0, "batch 256 " + benchmark);
        // A batch-1 call cannot take longer than a whole second on a 10x784 Gemm; a unit mix-up (ns vs ms) would.
        assertTrue(benchmark.batch1P50Ms() < 1000, "p50 implausibly large: " + benchmark);
    }

    @Test
    void staysWithinItsBudget() {
        long start = System.nanoTime();
        OnnxLatencyBenchmark.measure(model, pixels, Duration.ofMillis(400), 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Budget plus session creation and one final over-running call of each phase.
        assertTrue(seconds < 10, "took " + seconds + " s for a 0.4 s budget");
    }

    @Test
    void rejectsPixelsThatAreNotWholeImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxLatencyBenchmark.measure(model, new float[783], Duration.ofMillis(100), 2));
        assertTrue(e.getMessage().contains("784"), e.getMessage());
    }

    @Test
    void rejectsAMissingModelFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxLatencyBenchmark.measure(dir.resolve("absent.onnx"), pixels, Duration.ofMillis(100), 2));
        assertTrue(e.getMessage().contains("absent.onnx"), e.getMessage());
    }
}
