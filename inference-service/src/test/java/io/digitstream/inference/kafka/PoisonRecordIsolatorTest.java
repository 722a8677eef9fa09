package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.ImageBatchProcessorTest.header;
import static io.digitstream.inference.kafka.ImageBatchProcessorTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.CentroidOnnxModels;
import io.digitstream.inference.model.CentroidOnnxModels.Poison;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch with records that make the models fail: bounded retries, then bisection, then the canary decides. */
class PoisonRecordIsolatorTest {

    @TempDir
    Path modelDir;

    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger isolated = new AtomicInteger();
    private final PipelineObserver observer = new PipelineObserver() {
        @Override
        public void batchRetried() {
            retried.incrementAndGet();
        }

        @Override
        public void recordIsolated() {
            isolated.incrementAndGet();
        }
    };

    @Test
    void recordsThatFailAloneAreDeadLetteredAndEveryOtherRecordIsPredictedOnceInOrder() throws Exception {
        CentroidOnnxModels.writePoisoned(modelDir, List.of("mlp", "cnn"), 1000, Poison.FIRST_PIXEL_FULL_INK);
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            List<String> expectedPredictions = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i == 7 || i == 31) {
                    batch.add(record(batch.size(), "poison-" + i, MnistFixtures.json(poisonEvent("poison-" + i))));
                }
                if (i == 20) {
                    batch.add(record(batch.size(), "not-json", "{".getBytes(StandardCharsets.UTF_8)));
                }
                batch.add(record(batch.size(), "ok-" + i, MnistFixtures.json(MnistFixtures.rawEvent("ok-" + i, i))));
                expectedPredictions.add("ok-" + i);
            }

            BatchOutputs outputs = isolator(models, 2).process(batch);

            assertEquals(expectedPredictions, outputs.records().stream().filter(r -> r.topic().equals("p"))
                    .map(OutputRecord::key).toList(), "every valid record predicted once, in input order");
            List<OutputRecord> letters = outputs.records().stream().filter(r -> r.topic().equals("d")).toList();
            assertEquals(List.of("poison-7", "not-json", "poison-31"), letters.stream().map(OutputRecord::key).toList());
            assertEquals("processing-failed", header(letters.get(0), DlqHeaders.REASON));
            assertEquals("invalid-json", header(letters.get(1), DlqHeaders.REASON));
            assertEquals("processing-failed", header(letters.get(2), DlqHeaders.REASON));
            String detail = header(letters.get(0), DlqHeaders.DETAIL);
            assertTrue(detail.startsWith("failed alone after 2 retries of its batch: ")
                    && detail.contains("IllegalArgumentException"), detail);
            assertEquals(List.of(DlqReason.PROCESSING_FAILED, DlqReason.INVALID_JSON, DlqReason.PROCESSING_FAILED),
                    outputs.rejected());
            assertEquals(40, outputs.predicted());
            assertEquals(2, retried.get(), "retries are bounded");
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeps, "backoff doubles");
            assertEquals(2, isolated.get());
        }
    }

    @Test
    void aBatchThatSucceedsOnRetryIsNeitherSplitNorDeadLettered() throws Exception {
        CentroidOnnxModels.write(modelDir, List.of("mlp"), 1000);
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            BatchOutputs outputs = isolator(models, 3).process(List.of(
                    record(0, "a", MnistFixtures.json(MnistFixtures.rawEvent("a", 0)))));

            assertEquals(1, outputs.predicted());
            assertEquals(0, retried.get());
            assertEquals(List.of(), sleeps);
        }
    }

    @Test
    void whenEvenTheCanaryFailsTheServiceIsToBlameAndNothingIsDeadLettered() throws Exception {
        CentroidOnnxModels.writePoisoned(modelDir, List.of("mlp"), 1000, Poison.FIRST_PIXEL_BLANK);
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batch.add(record(i, "ok-" + i, MnistFixtures.json(MnistFixtures.rawEvent("ok-" + i, i))));
            }

            SystemicFailureException e = assertThrows(SystemicFailureException.class,
                    () -> isolator(models, 1).process(batch));

            assertTrue(e.getMessage().contains("canary"), e.getMessage());
            assertEquals(0, isolated.get());
            assertEquals(1, retried.get());
        }
    }

    @Test
    void negativeRetriesOrBackoffAreRefused() throws Exception {
        CentroidOnnxModels.write(modelDir, List.of("mlp"), 100);
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            ImageBatchProcessor processor = ImageBatchProcessorTest.processor(new ReviewPolicy(0.5), models);
            assertThrows(IllegalArgumentException.class, () -> new PoisonRecordIsolator(processor, -1,
                    Duration.ZERO, observer, sleeps::add, Clock.systemUTC()));
            assertThrows(IllegalArgumentException.class, () -> new PoisonRecordIsolator(processor, 1,
                    Duration.ofMillis(-1), observer, sleeps::add, Clock.systemUTC()));
        }
    }

    private PoisonRecordIsolator isolator(ModelSet models, int retries) {
        return new PoisonRecordIsolator(ImageBatchProcessorTest.processor(new ReviewPolicy(0.0), models), retries,
                Duration.ofMillis(100), observer, sleeps::add, Clock.systemUTC());
    }

    /** Valid in every respect; only the models choke on it (first pixel full ink). */
    private static DigitImage poisonEvent(String id) {
        byte[] pixels = new byte[784];
        pixels[0] = (byte) 255;
        return new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, 28, 28, pixels);
    }
}
