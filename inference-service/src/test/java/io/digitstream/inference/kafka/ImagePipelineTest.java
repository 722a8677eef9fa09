package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.PipelineTestClient.header;
import static io.digitstream.inference.kafka.PipelineTestClient.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.preprocess.SyntheticImages;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole Kafka path on a real broker with the real quick-trained models: a few hundred MNIST test images (raw and
 * as PNG scans) with malformed events in between. Every valid image must get exactly one prediction, accurately;
 * every malformed one must land in the DLQ, bytes untouched, with the right reason.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class ImagePipelineTest {

    private static final int RAW_IMAGES = 200;
    private static final int PNG_IMAGES = 100;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "digitstream.review.confidence-threshold")
    double reviewThreshold;

    @ConfigProperty(name = "digitstream.limits.max-payload-bytes")
    int maxPayloadBytes;

    @Test
    void everyValidImageIsPredictedExactlyOnceAndEveryMalformedOneGoesToTheDlq() throws Exception {
        PipelineTestClient client = new PipelineTestClient(broker, DEADLINE);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> labels = new LinkedHashMap<>();
        Map<String, DlqReason> malformed = new LinkedHashMap<>();
        Map<String, byte[]> malformedBytes = new HashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RAW_IMAGES + PNG_IMAGES; i++) {
            String id = run + "-" + i;
            DigitImage image = i < RAW_IMAGES ? MnistFixtures.rawEvent(id, i) : MnistFixtures.pngEvent(id, i, 3);
            labels.put(id, MnistFixtures.label(i));
            records.add(new ProducerRecord<>(Topics.IMAGES, id, MnistFixtures.json(image)));
            if (i % 50 == 25) {
                for (Map.Entry<DlqReason, byte[]> bad : malformedEvents(run + "-bad-" + i).entrySet()) {
                    String key = run + "-bad-" + i + "-" + bad.getKey().code();
                    malformed.put(key, bad.getKey());
                    malformedBytes.put(key, bad.getValue());
                    records.add(new ProducerRecord<>(Topics.IMAGES, key, bad.getValue()));
                }
            }
        }
        client.publish(records);

        Map<String, List<DigitPrediction>> predictions = new HashMap<>();
        client.readUntil(Topics.PREDICTIONS, record -> record.key().startsWith(run), record -> predictions
                .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(read(record.value(), DigitPrediction.class)),
                () -> predictions.size() >= labels.size());
        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        client.readUntil(Topics.DLQ, record -> record.key().startsWith(run), deadLetters::add,
                () -> deadLetters.size() >= malformed.size());

        assertEquals(labels.keySet(), predictions.keySet(), "one prediction per valid image, none for malformed ones");
        predictions.forEach((id, list) -> assertEquals(1, list.size(), "predictions for " + id));
        assertAccuracy(labels, predictions, 0, RAW_IMAGES, 0.90);
        assertAccuracy(labels, predictions, RAW_IMAGES, RAW_IMAGES + PNG_IMAGES, 0.85);

        assertEquals(malformed.size(), deadLetters.size());
        for (ConsumerRecord<String, byte[]> letter : deadLetters) {
            DlqReason expected = malformed.get(letter.key());
            assertEquals(expected.code(), header(letter, DlqHeaders.REASON), "reason of " + letter.key() + ": "
                    + header(letter, DlqHeaders.DETAIL));
            assertTrue(Arrays.equals(malformedBytes.get(letter.key()), letter.value()), "original bytes of " + letter.key());
            assertEquals(Topics.IMAGES, header(letter, DlqHeaders.TOPIC));
            assertTrue(Long.parseLong(header(letter, DlqHeaders.OFFSET)) >= 0);
        }

        assertReviewMatchesPolicy(client, run, predictions);
        assertOffsetsCommittedUpToTheEnd();
        assertBatchTimesAreRecorded();
    }

    /** Where a batch's time goes, as /q/metrics shows it: every committed batch was queued, processed and committed. */
    private void assertBatchTimesAreRecorded() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        double committed = metric(metrics, "digitstream_batch_commit_seconds_count");
        assertTrue(committed >= 1, "committed batches: " + committed);
        assertTrue(metric(metrics, "digitstream_batch_processing_seconds_count") >= committed);
        assertTrue(metric(metrics, "digitstream_batch_queued_seconds_count") >= committed);
        assertTrue(metric(metrics, "digitstream_batch_processing_seconds_sum") > 0);
        assertTrue(metric(metrics, "digitstream_batch_commit_seconds_sum") > 0);
        assertTrue(metric(metrics, "digitstream_batch_queued_seconds_sum") >= 0);
    }

    private static double metric(String metrics, String name) {
        return Arrays.stream(metrics.split("\n")).filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** One event per DLQ reason, each broken in exactly one way. */
    private Map<DlqReason, byte[]> malformedEvents(String id) {
        Map<DlqReason, byte[]> events = new LinkedHashMap<>();
        events.put(DlqReason.INVALID_JSON, "{\"schemaVersion\":1,\"id\":".getBytes(StandardCharsets.UTF_8));
        events.put(DlqReason.SCHEMA_VIOLATION, MnistFixtures.json(Map.of("schemaVersion", 1, "id", id)));
        events.put(DlqReason.WRONG_SIZE, MnistFixtures.json(
                new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, 28, 28, new byte[700])));
        byte[] png = MnistFixtures.scanPng(0, 1);
        events.put(DlqReason.CORRUPT_IMAGE, MnistFixtures.json(new DigitImage(id, null, Instant.now(),
                ImageEncoding.PNG, 28, 28, Arrays.copyOf(png, png.length / 2))));
        events.put(DlqReason.IMAGE_TOO_LARGE, MnistFixtures.json(new DigitImage(id, null, Instant.now(),
                ImageEncoding.PNG, 4096, 4096, SyntheticImages.pngHeaderOnly(100_000, 100_000))));
        String padding = "0".repeat(maxPayloadBytes);
        events.put(DlqReason.PAYLOAD_TOO_LARGE, ("{\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8));
        return events;
    }

    private void assertAccuracy(Map<String, Integer> labels, Map<String, List<DigitPrediction>> predictions,
            int from, int to, double threshold) {
        List<String> ids = new ArrayList<>(labels.keySet()).subList(from, to);
        long correct = ids.stream()
                .filter(id -> predictions.get(id).get(0).ensemble().digit() == labels.get(id))
                .count();
        double accuracy = (double) correct / ids.size();
        assertTrue(accuracy >= threshold, "ensemble accuracy " + accuracy + " on images " + from + ".." + to);
    }

    /** Review holds exactly the predictions the policy flags, each with its reason and the original image. */
    private void assertReviewMatchesPolicy(PipelineTestClient client, String run, Map<String, List<DigitPrediction>> predictions) {
        Map<String, ReviewReason> expected = new HashMap<>();
        predictions.forEach((id, list) -> {
            DigitPrediction p = list.get(0);
            if (p.ensemble().confidence() < reviewThreshold) {
                expected.put(id, ReviewReason.LOW_CONFIDENCE);
            } else if (!p.agreement()) {
                expected.put(id, ReviewReason.DISAGREEMENT);
            }
        });
        Map<String, ReviewItem> review = new HashMap<>();
        client.readUntil(Topics.REVIEW, record -> record.key().startsWith(run),
                record -> review.put(record.key(), read(record.value(), ReviewItem.class)),
                () -> review.size() >= expected.size());
        assertEquals(expected.keySet(), review.keySet());
        review.forEach((id, item) -> {
            assertEquals(expected.get(id), item.reason(), "review reason of " + id);
            assertEquals(id, item.image().id());
        });
    }

    /** Exactly-once: the group's committed offsets reach the end of digits.images once the outputs are visible. */
    private void assertOffsetsCommittedUpToTheEnd() throws Exception {
        try (Admin admin = broker.createAdmin()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends;
            Map<TopicPartition, Long> committed;
            do {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                // As many partitions as the broker the service runs on made: the test resources are global, and
                // which of their brokers serves this class depends on the order Quarkus starts them in.
                int partitions = admin.describeTopics(List.of(Topics.IMAGES)).allTopicNames().get()
                        .get(Topics.IMAGES).partitions().size();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(Topics.IMAGES, p), OffsetSpec.latest());
                }
                ends = new HashMap<>();
                for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                    ends.put(e.getKey(), e.getValue().offset());
                }
                committed = new HashMap<>();
                for (var e : admin.listConsumerGroupOffsets("inference-service").partitionsToOffsetAndMetadata().get()
                        .entrySet()) {
                    if (!e.getKey().topic().equals(Topics.IMAGES)) {
                        continue; // the same group reads digits.fields
                    }
                    OffsetAndMetadata offset = e.getValue();
                    committed.put(e.getKey(), offset == null ? 0 : offset.offset());
                }
                if (committed.equals(ends)) {
                    return;
                }
                Thread.sleep(200);
            } while (Instant.now().isBefore(deadline));
            assertEquals(ends, committed, "committed offsets of group inference-service");
        }
    }
}
