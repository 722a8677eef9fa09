package io.digitstream.inference.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.CentroidOnnxModels;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ReviewItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One batch in, every output record out: nothing is lost, and each record goes to the right topic. */
class ImageBatchProcessorTest {

    private static final OutputTopics TOPICS = new OutputTopics("p", "r", "d");

    @TempDir
    static Path modelDir;
    private static ModelSet models;

    @BeforeAll
    static void loadModels() throws Exception {
        CentroidOnnxModels.write(modelDir, List.of("mlp", "cnn"), 3000);
        models = ModelSet.load(modelDir, new OnnxThreads(1, 1));
    }

    @AfterAll
    static void closeModels() {
        models.close();
    }

    @Test
    void validImagesArePredictedAndInvalidOnesAreDeadLetteredWithTheirOriginalBytes() throws Exception {
        List<DlqReason> rejected = new ArrayList<>();
        PipelineObserver observer = new PipelineObserver() {
            @Override
            public void rejected(DlqReason reason) {
                rejected.add(reason);
            }
        };
        // A threshold of 1 sends every prediction to review, so the review path is exercised for sure.
        ImageBatchProcessor processor = processor(new ReviewPolicy(1.0), observer);
        byte[] notJson = "{oops".getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record(0, "a", MnistFixtures.json(MnistFixtures.rawEvent("a", 0))),
                record(1, "bad", notJson),
                record(2, "b", MnistFixtures.json(MnistFixtures.pngEvent("b", 1, 2))));

        List<OutputRecord> outputs = processor.process(batch);

        Map<String, List<OutputRecord>> byTopic = outputs.stream().collect(Collectors.groupingBy(OutputRecord::topic));
        assertEquals(List.of("a", "b"), byTopic.get("p").stream().map(OutputRecord::key).toList());
        DigitPrediction first = EventJson.mapper().readValue(byTopic.get("p").get(0).value(), DigitPrediction.class);
        assertEquals(2, first.models().size());
        assertEquals(List.of("a", "b"), byTopic.get("r").stream().map(OutputRecord::key).toList());
        ReviewItem review = EventJson.mapper().readValue(byTopic.get("r").get(1).value(), ReviewItem.class);
        assertEquals("b", review.image().id());
        OutputRecord letter = byTopic.get("d").get(0);
        assertEquals("bad", letter.key());
        assertArrayEquals(notJson, letter.value());
        assertEquals("invalid-json", header(letter, DlqHeaders.REASON));
        assertEquals("images", header(letter, DlqHeaders.TOPIC));
        assertEquals("4", header(letter, DlqHeaders.PARTITION));
        assertEquals("1", header(letter, DlqHeaders.OFFSET));
        assertTrue(header(letter, DlqHeaders.DETAIL).contains("not JSON"));
        assertEquals(List.of(DlqReason.INVALID_JSON), rejected);
    }

    @Test
    void batchWithOnlyInvalidRecordsNeedsNoInference() throws Exception {
        List<OutputRecord> outputs = processor(new ReviewPolicy(0.5), PipelineObserver.NONE)
                .process(List.of(record(0, "x", new byte[0])));

        assertEquals(List.of("d"), outputs.stream().map(OutputRecord::topic).toList());
    }

    private static ImageBatchProcessor processor(ReviewPolicy policy, PipelineObserver observer) {
        ImageLimits limits = new ImageLimits(1 << 20, 1024, 1024, 1 << 20, 1 << 20);
        return new ImageBatchProcessor(new ImageEventParser(limits),
                new DigitImagePreprocessor(limits, new MnistNormalizer(0.2)),
                new DigitClassifier(models, InferenceObserver.NONE, Clock.systemUTC()), policy, TOPICS, observer,
                Clock.systemUTC());
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>("images", 4, offset, 0L, TimestampType.CREATE_TIME, 0, value.length, key, value,
                new RecordHeaders(), java.util.Optional.empty());
    }

    private static String header(OutputRecord record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
