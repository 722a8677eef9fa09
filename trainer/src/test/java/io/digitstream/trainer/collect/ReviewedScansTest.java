package io.digitstream.trainer.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ImageReference;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewAnswerSerde;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.schemas.Topics;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer reads reviewers' answers from a real broker: the latest answer per scan, embedded scans and referenced
 * ones (checked by SHA-256), each turned into model input with the service's recipe; "not a digit", deleted,
 * tampered and undecodable answers are counted and left out.
 */
class ReviewedScansTest {

    private static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");
    private static final DigitImagePreprocessor RECIPE = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
            new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        broker.createTopics(Topics.IMAGES, Topics.FIELDS, Topics.REVIEW_ANSWERS, "empty.answers", "field.answers");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void readsTheLatestAnswerPerScanAndLeavesOutWhatCannotBeLearnt() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ReviewAnswerSerde.Serializer answers = new ReviewAnswerSerde.Serializer();
            // s1: answered 3, then corrected to 8 (the latest wins); s2: a 4, its scan only referenced.
            send(producer, Topics.REVIEW_ANSWERS, "s1", answers.serialize(null, ReviewAnswer.digit(3, "a", AT, embedded("s1", 1))));
            send(producer, Topics.REVIEW_ANSWERS, "s1", answers.serialize(null, ReviewAnswer.digit(8, "b", AT, embedded("s1", 1))));
            byte[] s2Image = new DigitImageSerde.Serializer().serialize(null, image("s2", 2));
            RecordMetadata stored = send(producer, Topics.IMAGES, "s2", s2Image);
            send(producer, Topics.REVIEW_ANSWERS, "s2", answers.serialize(null, ReviewAnswer.digit(4, "a", AT,
                    referenced("s2", new ImageReference(Topics.IMAGES, stored.partition(), stored.offset(),
                            s2Image.length, sha256(s2Image))))));
            // s3: a smudge; s4: answered, then deleted (tombstone); s5: its reference does not match the record.
            send(producer, Topics.REVIEW_ANSWERS, "s3", answers.serialize(null, ReviewAnswer.notADigit("a", AT, embedded("s3", 3))));
            send(producer, Topics.REVIEW_ANSWERS, "s4", answers.serialize(null, ReviewAnswer.digit(1, "a", AT, embedded("s4", 4))));
            send(producer, Topics.REVIEW_ANSWERS, "s4", null);
            send(producer, Topics.REVIEW_ANSWERS, "s5", answers.serialize(null, ReviewAnswer.digit(5, "a", AT,
                    referenced("s5", new ImageReference(Topics.IMAGES, stored.partition(), stored.offset(),
                            s2Image.length, "0".repeat(64))))));
            // s6: not an answer at all; s7: a "PNG" that is not one.
            send(producer, Topics.REVIEW_ANSWERS, "s6", "{not json".getBytes());
            send(producer, Topics.REVIEW_ANSWERS, "s7", answers.serialize(null, ReviewAnswer.digit(7, "a", AT,
                    new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction("s7"),
                            new DigitImage("s7", null, AT, ImageEncoding.PNG, 28, 28, new byte[] {1, 2, 3}), AT))));
        }
        List<String> log = new ArrayList<>();
        ReviewedScans.Collected collected = new ReviewedScans(kafka(), RECIPE, Duration.ofSeconds(30), log::add)
                .read(Topics.REVIEW_ANSWERS);

        Map<String, LabelledScan> scans = collected.scans().stream()
                .collect(Collectors.toMap(LabelledScan::id, scan -> scan));
        assertEquals(Map.of("s1", 8, "s2", 4), scans.values().stream()
                .collect(Collectors.toMap(LabelledScan::id, LabelledScan::digit)));
        assertArrayEquals(RECIPE.pixels(image("s1", 1)), scans.get("s1").pixels(), "the service's recipe");
        assertArrayEquals(RECIPE.pixels(image("s2", 2)), scans.get("s2").pixels(), "the referenced scan, fetched");
        assertEquals(1, collected.notADigit());
        assertEquals(3, collected.unreadable(), "s5 tampered, s6 not an answer, s7 undecodable");
        assertTrue(log.stream().anyMatch(line -> line.contains("s5") && line.contains("SHA-256")), log.toString());
        assertEquals(collected.scans().size(), collected.training(20).count() + collected.heldBack(20).count());
    }

    @Test
    void aFieldsAnswerLabelsEachDigitItsReadingCutAndAnUnalignedOneIsLeftOut() throws Exception {
        // A raw 84x28 field of three blocks; its reading cut them at these boxes.
        byte[] pixels = new byte[84 * 28];
        List<DigitBox> boxes = List.of(new DigitBox(4, 6, 12, 16), new DigitBox(34, 4, 8, 20), new DigitBox(60, 8, 16, 12));
        for (DigitBox box : boxes) {
            for (int y = box.y(); y < box.y() + box.height(); y++) {
                for (int x = box.x(); x < box.x() + box.width(); x++) {
                    pixels[y * 84 + x] = (byte) 255;
                }
            }
        }
        FieldImage field = new FieldImage("f1", null, AT, ImageEncoding.RAW, 84, 28, pixels, null);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ReviewAnswerSerde.Serializer answers = new ReviewAnswerSerde.Serializer();
            send(producer, "field.answers", "f1", answers.serialize(null,
                    ReviewAnswer.value("407", "a", AT, ReviewItem.field(reading("f1", boxes), field, AT))));
            byte[] stored = new FieldImageSerde.Serializer().serialize(null,
                    new FieldImage("f2", null, AT, ImageEncoding.RAW, 84, 28, pixels, null));
            RecordMetadata at = send(producer, Topics.FIELDS, "f2", stored);
            send(producer, "field.answers", "f2", answers.serialize(null, ReviewAnswer.value("123", "a", AT,
                    ReviewItem.field(reading("f2", boxes), new ImageReference(Topics.FIELDS, at.partition(),
                            at.offset(), stored.length, sha256(stored)), AT))));
            // The reviewer saw four digits where the reading cut three: nothing lines up.
            send(producer, "field.answers", "f3", answers.serialize(null, ReviewAnswer.value("4071", "a", AT,
                    ReviewItem.field(reading("f3", boxes), new FieldImage("f3", null, AT, ImageEncoding.RAW, 84, 28,
                            pixels, null), AT))));
        }
        List<String> log = new ArrayList<>();
        ReviewedScans.Collected collected = new ReviewedScans(kafka(), RECIPE, Duration.ofSeconds(30), log::add)
                .read("field.answers");

        Map<String, Integer> labels = collected.scans().stream()
                .collect(Collectors.toMap(LabelledScan::id, LabelledScan::digit));
        assertEquals(Map.of("f1#0", 4, "f1#1", 0, "f1#2", 7, "f2#0", 1, "f2#1", 2, "f2#2", 3), labels);
        List<float[]> cut = RECIPE.digitsAt(field, boxes);
        assertArrayEquals(cut.get(1), collected.scans().stream().filter(scan -> scan.id().equals("f1#1"))
                .findFirst().orElseThrow().pixels(), "the service's recipe, box by box");
        assertTrue(log.stream().anyMatch(line -> line.contains("2 form fields") && line.contains("1 fields whose")),
                log.toString());
    }

    private static FieldReading reading(String id, List<DigitBox> boxes) {
        List<FieldDigit> digits = new ArrayList<>();
        for (DigitBox box : boxes) {
            DigitPrediction one = prediction(id);
            digits.add(new FieldDigit(box, one.ensemble(), one.models(), true));
        }
        return new FieldReading(id, null, digits, new FieldSegmentation(false, false),
                List.of(FieldDoubt.LOW_CONFIDENCE), AT, AT, AT, "1");
    }

    @Test
    void theHeldBackShareIsFixedByIdAndCloseToTheAskedPercentage() {
        List<LabelledScan> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(new LabelledScan("scan-" + i, i % 10, new float[784]));
        }
        long heldBack = many.stream().filter(scan -> scan.heldBack(20)).count();
        assertTrue(heldBack > 900 && heldBack < 1100, "about a fifth: " + heldBack);
        assertEquals(many.stream().filter(scan -> scan.heldBack(20)).toList(),
                many.stream().filter(scan -> scan.heldBack(20)).toList(), "the same scans every time");
        assertTrue(many.stream().noneMatch(scan -> scan.heldBack(0)));
    }

    @Test
    void aMissingTopicIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ReviewedScans(kafka(), RECIPE, Duration.ofSeconds(5), line -> { }).read("no.such.topic"));
        assertTrue(e.getMessage().contains("no.such.topic"), e.getMessage());
        ReviewedScans.Collected none = new ReviewedScans(kafka(), RECIPE, Duration.ofSeconds(10), line -> { })
                .read("empty.answers");
        assertEquals(0, none.scans().size());
    }

    private static Properties kafka() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        return properties;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = kafka();
        config.put("acks", "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** A raw 28x28 scan with a block of ink whose place depends on {@code seed}. */
    private static DigitImage image(String id, int seed) {
        byte[] pixels = new byte[28 * 28];
        for (int y = 6 + seed; y < 20; y++) {
            for (int x = 10; x < 14 + seed; x++) {
                pixels[y * 28 + x] = (byte) 255;
            }
        }
        return new DigitImage(id, null, AT, ImageEncoding.RAW, 28, 28, pixels);
    }

    private static ReviewItem embedded(String id, int seed) {
        return new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction(id), image(id, seed), AT);
    }

    private static ReviewItem referenced(String id, ImageReference ref) {
        return new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction(id), ref, AT);
    }

    private static DigitPrediction prediction(String id) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.05));
        probabilities.set(1, 0.55);
        return new DigitPrediction(id, List.of(new ModelPrediction("mlp", "1", 1, 0.55, probabilities, 0.1)),
                new EnsemblePrediction(1, 0.55, probabilities), true, AT, AT, AT);
    }

    private static String sha256(byte[] value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    }
}
