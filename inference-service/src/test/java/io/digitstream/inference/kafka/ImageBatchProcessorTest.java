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
import io.digitstream.inference.field.FieldReader;
import io.digitstream.inference.preprocess.FieldEventParser;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FormRef;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.simulator.field.ComposedField;
import io.digitstream.simulator.field.FieldComposer;
import io.digitstream.simulator.field.FieldStyle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private static final TopicNames TOPICS = new TopicNames("images", "l", "p", "r", "ra", "d", "m", "fields", "fr",
            "fl");

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
        // A threshold of 1 sends every prediction to review, so the review path is exercised for sure.
        ImageBatchProcessor processor = processor(new ReviewPolicy(1.0));
        byte[] notJson = "{oops".getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record(0, "a", MnistFixtures.json(MnistFixtures.rawEvent("a", 0))),
                record(1, "bad", notJson),
                record(2, "b", MnistFixtures.json(MnistFixtures.pngEvent("b", 1, 2))));

        BatchOutputs written = processor.process(batch);
        List<OutputRecord> outputs = written.records();

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
        assertEquals(List.of(DlqReason.INVALID_JSON), written.rejected());
        assertEquals(2, written.predicted());
        assertEquals(2, written.flagged().size());
    }

    @Test
    void fieldsAreReadInTheSameBatchAsImagesAndBadFieldsAreDeadLettered() throws Exception {
        FieldComposer composer = new FieldComposer(MnistFixtures.testSplit());
        ComposedField five = composer.compose(new int[] {0, 1, 2, 3, 4}, FieldStyle.gapsOnly(5),
                new java.util.SplittableRandom(1));
        Instant now = Instant.now();
        FieldImage field = new FieldImage("field-1", new FormRef("form-1", "postcode"), now, ImageEncoding.PNG,
                five.width(), five.height(), five.png(), LengthRange.exactly(5));
        FieldImage wrongLength = new FieldImage("field-2", null, now, ImageEncoding.PNG, five.width(), five.height(),
                five.png(), LengthRange.exactly(7));
        ObjectNode bothHints = (ObjectNode) EventJson.mapper().valueToTree(field);
        bothHints.put("id", "field-3").putObject("lengthRange").put("min", 1).put("max", 3);
        FieldImage notPng = new FieldImage("field-4", null, now, ImageEncoding.PNG, 10, 10, new byte[] {1, 2, 3}, null);
        FieldImage shortRaw = new FieldImage("field-5", null, now, ImageEncoding.RAW, 100, 40, new byte[100], null);
        FieldImage wrongWidth = new FieldImage("field-6", null, now, ImageEncoding.PNG, five.width() + 1,
                five.height(), five.png(), null);
        FieldImage blank = new FieldImage("field-7", null, now, ImageEncoding.RAW, 60, 30, new byte[60 * 30], null);
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record("fields", 0, "field-1", MnistFixtures.json(field)),
                record(1, "a", MnistFixtures.json(MnistFixtures.rawEvent("a", 0))),
                record("fields", 2, "field-2", MnistFixtures.json(wrongLength)),
                record("fields", 3, "field-3", EventJson.mapper().writeValueAsBytes(bothHints)),
                record("fields", 4, "field-4", MnistFixtures.json(notPng)),
                record("fields", 5, "field-5", MnistFixtures.json(shortRaw)),
                record("fields", 6, "field-6", MnistFixtures.json(wrongWidth)),
                record("fields", 7, "field-7", MnistFixtures.json(blank)),
                record("fields", 8, "image-on-fields", MnistFixtures.json(MnistFixtures.rawEvent("x", 1))),
                record(9, "field-on-images", MnistFixtures.json(field)));

        BatchOutputs written = processor(new ReviewPolicy(0.5)).process(batch);

        Map<String, List<OutputRecord>> byTopic = written.records().stream()
                .collect(Collectors.groupingBy(OutputRecord::topic));
        assertEquals(List.of("a"), byTopic.get("p").stream().map(OutputRecord::key).toList());
        // A raw 28x28 digit on the fields topic is a valid field of one digit; a field with a hint on the images
        // topic is not a valid image.
        assertEquals(List.of("field-1", "field-2", "field-7", "x"), byTopic.get("fr").stream().map(OutputRecord::key).toList());
        assertEquals(1, EventJson.mapper().readValue(byTopic.get("fr").get(3).value(), FieldReading.class).digits().size());
        FieldReading reading = EventJson.mapper().readValue(byTopic.get("fr").get(0).value(), FieldReading.class);
        assertEquals(5, reading.digits().size(), "the length hint holds the cut to five digits");
        assertEquals(new FormRef("form-1", "postcode"), reading.form());
        assertEquals(2, reading.digits().get(0).models().size(), "every model reads every digit");
        for (int i = 1; i < 5; i++) {
            assertTrue(reading.digits().get(i).box().x() > reading.digits().get(i - 1).box().x(), "left to right");
        }
        FieldReading forced = EventJson.mapper().readValue(byTopic.get("fr").get(1).value(), FieldReading.class);
        assertTrue(forced.doubts().contains(FieldDoubt.SEGMENTATION_GUESSED), forced.doubts().toString());
        FieldReading empty = EventJson.mapper().readValue(byTopic.get("fr").get(2).value(), FieldReading.class);
        assertEquals("", empty.value());
        assertEquals(List.of(FieldDoubt.NO_DIGITS), empty.doubts());
        // Doubtful fields go to review with their reading and scan; the others do not.
        Map<String, ReviewItem> reviewed = new java.util.HashMap<>();
        for (OutputRecord item : byTopic.getOrDefault("r", List.of())) {
            reviewed.put(item.key(), EventJson.mapper().readValue(item.value(), ReviewItem.class));
        }
        for (OutputRecord r : byTopic.get("fr")) {
            FieldReading read = EventJson.mapper().readValue(r.value(), FieldReading.class);
            assertEquals(!read.doubts().isEmpty(), reviewed.containsKey(read.id()), read.id() + " " + read.doubts());
        }
        assertTrue(reviewed.get("field-2").isField());
        assertEquals("field-2", reviewed.get("field-2").fieldImage().id());
        assertEquals(forced.doubts().get(0).wireName(), reviewed.get("field-2").reason().wireName());
        assertEquals(ReviewReason.NO_DIGITS, reviewed.get("field-7").reason());
        assertEquals(reviewed.size(), written.flagged().size());
        Map<String, String> reasons = byTopic.get("d").stream()
                .collect(Collectors.toMap(OutputRecord::key, letter -> header(letter, DlqHeaders.REASON)));
        assertEquals(Map.of("field-3", "schema-violation", "field-4", "corrupt-image", "field-5", "wrong-size",
                "field-6", "wrong-size", "field-on-images", "schema-violation"),
                reasons);
        assertEquals(1, written.predicted());
        assertEquals(4, written.fieldsRead());
        assertEquals(5, written.rejected().size());
    }

    @Test
    void batchWithOnlyInvalidRecordsNeedsNoInference() throws Exception {
        List<OutputRecord> outputs = processor(new ReviewPolicy(0.5))
                .process(List.of(record(0, "x", new byte[0]))).records();

        assertEquals(List.of("d"), outputs.stream().map(OutputRecord::topic).toList());
    }

    @Test
    void capturedAtOutsideThePlausibilityWindowIsDeadLetteredAndTheRestOfTheBatchIsPredicted() throws Exception {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        List<String> times = List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                Instant.now().minus(Duration.ofDays(31)).toString(), Instant.now().plus(Duration.ofMinutes(6)).toString());
        for (int i = 0; i < times.size(); i++) {
            ObjectNode event = (ObjectNode) EventJson.mapper().readTree(
                    MnistFixtures.json(MnistFixtures.rawEvent("t" + i, i)));
            event.put("capturedAt", times.get(i));
            batch.add(record(2L * i, "t" + i, EventJson.mapper().writeValueAsBytes(event)));
            batch.add(record(2L * i + 1, "ok" + i, MnistFixtures.json(MnistFixtures.rawEvent("ok" + i, i))));
        }

        BatchOutputs written = processor(new ReviewPolicy(0.0)).process(batch);

        assertEquals(List.of("ok0", "ok1", "ok2", "ok3"), written.records().stream()
                .filter(r -> r.topic().equals("p")).map(OutputRecord::key).toList());
        List<OutputRecord> letters = written.records().stream().filter(r -> r.topic().equals("d")).toList();
        assertEquals(List.of("t0", "t1", "t2", "t3"), letters.stream().map(OutputRecord::key).toList());
        for (OutputRecord letter : letters) {
            assertEquals("implausible-time", header(letter, DlqHeaders.REASON));
            assertTrue(header(letter, DlqHeaders.DETAIL).startsWith("capturedAt "), header(letter, DlqHeaders.DETAIL));
        }
    }

    @Test
    void aDeadLetterOfARecordNearTheSizeLimitIsCutToTheOutputBudget() throws Exception {
        byte[] huge = new byte[MAX_RECORD_BYTES];
        java.util.Arrays.fill(huge, (byte) '{');
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", new byte[100_000]);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("images", 0, 9, 0L, TimestampType.CREATE_TIME, 0,
                huge.length, "big", huge, headers, java.util.Optional.empty());

        OutputRecord letter = processor(new ReviewPolicy(0.5)).process(List.of(record)).records().get(0);

        assertEquals("payload-too-large", header(letter, DlqHeaders.REASON));
        assertTrue(io.digitstream.schemas.DeadLetter.sizeInBytes(letter.key(), letter.value(),
                letter.headers().toArray()) <= MAX_RECORD_BYTES);
        assertEquals("headers,value", header(letter, DlqHeaders.Truncation.TRUNCATED));
        assertEquals(Integer.toString(huge.length), header(letter, DlqHeaders.Truncation.ORIGINAL_SIZE));
    }

    private static final int MAX_RECORD_BYTES = 1 << 21;
    private static final int MAX_EMBEDDED_IMAGE_BYTES = 4096;

    @Test
    void aReviewItemEmbedsASmallImageAndReferencesALargeOneBySourceRecord() throws Exception {
        byte[] small = MnistFixtures.json(MnistFixtures.rawEvent("small", 0));
        byte[] large = MnistFixtures.json(MnistFixtures.pngEvent("large", 1, 30));
        assertTrue(small.length <= MAX_EMBEDDED_IMAGE_BYTES && large.length > MAX_EMBEDDED_IMAGE_BYTES,
                small.length + " / " + large.length);

        List<OutputRecord> review = processor(new ReviewPolicy(1.0))
                .process(List.of(record(0, "small", small), record(1, "large", large))).records().stream()
                .filter(r -> r.topic().equals("r")).toList();

        ReviewItem embedded = EventJson.mapper().readValue(review.get(0).value(), ReviewItem.class);
        assertEquals("small", embedded.image().id());
        ReviewItem referenced = EventJson.mapper().readValue(review.get(1).value(), ReviewItem.class);
        assertEquals(null, referenced.image());
        assertEquals(new io.digitstream.schemas.ImageReference("images", 4, 1, large.length,
                io.digitstream.schemas.DeadLetter.sha256(large)), referenced.imageRef());
        assertTrue(review.get(1).value().length < large.length, "the reference is smaller than the scan");
    }

    static ImageBatchProcessor processor(ReviewPolicy policy) {
        return processor(policy, models);
    }

    static ImageBatchProcessor processor(ReviewPolicy policy, ModelSet modelSet) {
        ImageLimits limits = new ImageLimits(1 << 20, 1024, 1024, 1 << 20, 1 << 20);
        EventTimeWindow window = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(limits, new MnistNormalizer(0.2));
        return new ImageBatchProcessor(new ImageEventParser(limits, ImageEventParser.SchemaCheck.ALWAYS, window,
                Clock.systemUTC()), new FieldEventParser(limits, window), new FieldReader(preprocessor, 0.8),
                preprocessor,
                new DigitClassifier(modelSet, InferenceObserver.NONE, Clock.systemUTC()), policy, TOPICS,
                new OutputLimits(MAX_RECORD_BYTES, MAX_EMBEDDED_IMAGE_BYTES), Clock.systemUTC());
    }

    static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return record("images", offset, key, value);
    }

    static ConsumerRecord<String, byte[]> record(String topic, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 4, offset, 0L, TimestampType.CREATE_TIME, 0, value.length, key, value,
                new RecordHeaders(), java.util.Optional.empty());
    }

    static String header(OutputRecord record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
