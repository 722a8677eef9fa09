package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.PipelineTestClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.preprocess.SyntheticImages;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The attacker's test, through the real broker with the real models: on one partition, every kind of hostile record
 * is followed by a valid image. Each valid image must be predicted exactly once and soon, each hostile record must
 * reach the DLQ with the right reason and within the output limits, and no batch may abort (an abort here would mean
 * an output that does not fit, the loop that once stalled the service).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class HostileRecordsPipelineTest {

    /** Generous for a shared 2-core machine; a stalled partition never delivers at all. */
    private static final Duration FOLLOW_UP_DEADLINE = Duration.ofSeconds(30);

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "digitstream.limits.max-payload-bytes")
    int maxPayloadBytes;

    @ConfigProperty(name = "digitstream.limits.max-record-bytes")
    int maxRecordBytes;

    @Test
    void everyHostileRecordIsDeadLetteredWithinLimitsAndTheValidImageAfterItIsPredictedOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, ProducerRecord<String, byte[]>> hostile = hostileRecords(run);
        Map<String, DlqReason> expectedReasons = new HashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<String> validIds = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, ProducerRecord<String, byte[]>> entry : hostile.entrySet()) {
            records.add(entry.getValue());
            expectedReasons.put(entry.getValue().key(), DlqReason.fromCode(entry.getKey().split("/")[0]));
            String id = run + "-valid-" + index;
            records.add(new ProducerRecord<>(Topics.IMAGES, 0, id, MnistFixtures.json(MnistFixtures.rawEvent(id, index))));
            validIds.add(id);
            index++;
        }
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(3));
        List<Instant> sentAt = client.publish(records);

        Map<String, List<ConsumerRecord<String, byte[]>>> predictions = new HashMap<>();
        client.readUntil(Topics.PREDICTIONS, record -> record.key().startsWith(run),
                record -> predictions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record),
                () -> predictions.keySet().containsAll(validIds));
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        client.readUntil(Topics.DLQ, record -> expectedReasons.containsKey(record.key()), letters::add,
                () -> letters.size() >= expectedReasons.size());

        for (int i = 0; i < validIds.size(); i++) {
            String id = validIds.get(i);
            List<ConsumerRecord<String, byte[]>> found = predictions.get(id);
            assertNotNull(found, "the valid image after hostile record " + new ArrayList<>(hostile.keySet()).get(i)
                    + " was never predicted");
            assertEquals(1, found.size(), "predictions of " + id);
            Duration delay = Duration.between(sentAt.get(2 * i + 1), Instant.ofEpochMilli(found.get(0).timestamp()));
            assertTrue(delay.compareTo(FOLLOW_UP_DEADLINE) < 0, id + " predicted after " + delay);
        }
        assertEquals(expectedReasons.size(), letters.size(), "one dead letter per hostile record");
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertEquals(expectedReasons.get(letter.key()).code(), header(letter, DlqHeaders.REASON),
                    letter.key() + ": " + abbreviate(header(letter, DlqHeaders.DETAIL)));
            assertTrue(header(letter, DlqHeaders.DETAIL).length() <= DeadLetter.MAX_DETAIL_CHARS);
            int size = DeadLetter.sizeInBytes(letter.key(), letter.value(), letter.headers().toArray());
            assertTrue(size <= maxRecordBytes, letter.key() + " is " + size + " bytes");
            assertEquals(List.of(), EventSchemas.shared().dlqHeaderViolations(dlqHeadersJson(letter)), letter.key());
        }
        ConsumerRecord<String, byte[]> cut = letters.stream()
                .filter(l -> l.key().equals(run + "-near-limit")).findFirst().orElseThrow();
        assertEquals("headers,value", header(cut, DlqHeaders.Truncation.TRUNCATED));
        ConsumerRecord<String, byte[]> violations = letters.stream()
                .filter(l -> l.key().equals(run + "-violations")).findFirst().orElseThrow();
        assertTrue(header(violations, DlqHeaders.DETAIL).endsWith("more characters cut]"));
        assertEquals(0.0, meters.find("digitstream.transactions.aborted").counters().stream()
                .mapToDouble(c -> c.count()).sum(), "no batch aborted: every output fit");
        assertEquals(0.0, meters.get("digitstream.batches.retried").counter().count());
    }

    /** Each hostile record by "expected reason/what it is", all on partition 0 like the valid images after them. */
    private Map<String, ProducerRecord<String, byte[]>> hostileRecords(String run) throws Exception {
        Map<String, ProducerRecord<String, byte[]>> records = new LinkedHashMap<>();
        records.put("invalid-json/not JSON", image(run + "-not-json", "{\"id\":".getBytes(StandardCharsets.UTF_8)));
        records.put("invalid-json/tombstone", image(run + "-tombstone", null));
        // Thousands of schema violations: a dlq.detail of hundreds of KB unless it is capped.
        ObjectNode many = (ObjectNode) EventJson.mapper().readTree(
                MnistFixtures.json(MnistFixtures.rawEvent(run + "-violations", 0)));
        for (int i = 0; i < 6000; i++) {
            many.put("unexpected" + i, i);
        }
        records.put("schema-violation/thousands of violations",
                image(run + "-violations", EventJson.mapper().writeValueAsBytes(many)));
        // Within a few bytes of the topic's 4 MiB limit: the dead letter's own headers would push it over, so it must
        // be cut to fit the producer.
        records.put("payload-too-large/a few bytes under the topic limit", nearLimit(run + "-near-limit"));
        records.put("implausible-time/year 0000", image(run + "-year-0", capturedAt(run + "-year-0", "0000-01-01T00:00:00Z")));
        records.put("implausible-time/year 9999",
                image(run + "-year-9999", capturedAt(run + "-year-9999", "9999-12-31T23:59:59.999Z")));
        records.put("image-too-large/PNG header claiming 100000x100000", image(run + "-bomb", MnistFixtures.json(
                new DigitImage(run + "-bomb", null, Instant.now(), ImageEncoding.PNG, 4096, 4096,
                        SyntheticImages.pngHeaderOnly(100_000, 100_000)))));
        byte[] png = MnistFixtures.scanPng(3, 2);
        records.put("corrupt-image/PNG cut in half", image(run + "-cut", MnistFixtures.json(new DigitImage(run + "-cut",
                null, Instant.now(), ImageEncoding.PNG, 56, 56, Arrays.copyOf(png, png.length / 2)))));
        records.put("wrong-size/raw 27x28", image(run + "-raw", MnistFixtures.json(
                new DigitImage(run + "-raw", null, Instant.now(), ImageEncoding.RAW, 28, 28, new byte[756]))));
        records.put("payload-too-large/just over the payload limit",
                image(run + "-over", new byte[maxPayloadBytes + 1]));
        return records;
    }

    private static ProducerRecord<String, byte[]> nearLimit(String key) {
        Headers headers = new RecordHeaders().add("trace", new byte[100]);
        int length = PipelineTestClient.MAX_REQUEST_BYTES - 1000;
        int size = DeadLetter.sizeInBytes(key, new byte[length], headers.toArray());
        byte[] value = new byte[length + PipelineTestClient.MAX_REQUEST_BYTES - 16 - size];
        Arrays.fill(value, (byte) ' ');
        return new ProducerRecord<>(Topics.IMAGES, 0, key, value, headers);
    }

    private static byte[] capturedAt(String id, String time) throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(MnistFixtures.json(MnistFixtures.rawEvent(id, 1)));
        event.put("capturedAt", time);
        return EventJson.mapper().writeValueAsBytes(event);
    }

    private static ProducerRecord<String, byte[]> image(String key, byte[] value) {
        return new ProducerRecord<>(Topics.IMAGES, 0, key, value, new RecordHeaders());
    }

    private static com.fasterxml.jackson.databind.JsonNode dlqHeadersJson(ConsumerRecord<String, byte[]> letter) {
        ObjectNode json = EventJson.mapper().createObjectNode();
        for (Header h : letter.headers()) {
            if (h.key().startsWith("dlq.")) {
                json.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return json;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 300 ? text : text.substring(0, 300) + "...";
    }
}
