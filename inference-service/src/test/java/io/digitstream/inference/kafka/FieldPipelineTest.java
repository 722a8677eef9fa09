package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.PipelineTestClient.header;
import static io.digitstream.inference.kafka.PipelineTestClient.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.preprocess.SyntheticImages;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.field.ComposedField;
import io.digitstream.simulator.field.FieldComposer;
import io.digitstream.simulator.field.FieldStyle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Form fields through the real broker and the real quick-trained models, interleaved with single digits and hostile
 * fields: every valid field gets exactly one reading on digits.field-readings, every image its one prediction, every
 * hostile field lands in the DLQ with its bytes and reason, and the service goes on.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class FieldPipelineTest {

    private static final int FIELDS = 60;

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "digitstream.limits.max-payload-bytes")
    int maxPayloadBytes;

    @Test
    void everyValidFieldIsReadExactlyOnceBesideImagesAndHostileFieldsGoToTheDlq() throws Exception {
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(3));
        String run = UUID.randomUUID().toString().substring(0, 8);
        FieldComposer composer = new FieldComposer(MnistFixtures.testSplit());
        SplittableRandom random = new SplittableRandom(11);
        Map<String, String> truths = new LinkedHashMap<>();
        Map<String, DlqReason> hostile = new LinkedHashMap<>();
        Map<String, byte[]> hostileBytes = new HashMap<>();
        List<String> images = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < FIELDS; i++) {
            String id = run + "-field-" + i;
            boolean easy = i % 2 == 0;
            ComposedField field = composer.compose(easy ? FieldStyle.gapsOnly(5) : FieldStyle.mixed(), random);
            truths.put(id, field.value());
            FieldImage event = new FieldImage(id, null, Instant.now(), ImageEncoding.PNG, field.width(), field.height(),
                    field.png(), easy ? LengthRange.exactly(5) : null);
            records.add(new ProducerRecord<>(Topics.FIELDS, id, MnistFixtures.json(event)));
            String imageId = run + "-image-" + i;
            images.add(imageId);
            records.add(new ProducerRecord<>(Topics.IMAGES, imageId, MnistFixtures.json(MnistFixtures.rawEvent(imageId, i))));
            if (i % 20 == 10) {
                for (Map.Entry<DlqReason, byte[]> bad : hostileFields(run + "-bad-" + i).entrySet()) {
                    String key = run + "-bad-" + i + "-" + bad.getKey().code();
                    hostile.put(key, bad.getKey());
                    hostileBytes.put(key, bad.getValue());
                    records.add(new ProducerRecord<>(Topics.FIELDS, key, bad.getValue()));
                }
            }
        }
        client.publish(records);

        Map<String, List<FieldReading>> readings = new HashMap<>();
        client.readUntil(Topics.FIELD_READINGS, record -> record.key().startsWith(run), record -> readings
                .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(read(record.value(), FieldReading.class)),
                () -> readings.size() >= truths.size());
        Map<String, Integer> predictions = new HashMap<>();
        client.readUntil(Topics.PREDICTIONS, record -> record.key().startsWith(run),
                record -> predictions.merge(record.key(), 1, Integer::sum), () -> predictions.size() >= images.size());
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        client.readUntil(Topics.DLQ, record -> record.key().startsWith(run), letters::add,
                () -> letters.size() >= hostile.size());

        assertEquals(truths.keySet(), readings.keySet(), "one reading per valid field, none for hostile ones");
        readings.forEach((id, list) -> assertEquals(1, list.size(), "readings of " + id));
        assertEquals(new java.util.HashSet<>(images), predictions.keySet(), "the images beside the fields");
        predictions.forEach((id, count) -> assertEquals(1, count, "predictions of " + id));
        long easyExact = truths.entrySet().stream().filter(e -> isEven(e.getKey()))
                .filter(e -> readings.get(e.getKey()).get(0).value().equals(e.getValue())).count();
        for (Map.Entry<String, String> truth : truths.entrySet()) {
            FieldReading reading = readings.get(truth.getKey()).get(0);
            assertEquals(reading.value().length(), reading.digits().size());
            if (isEven(truth.getKey())) {
                assertEquals(5, reading.value().length(), "the length hint holds for " + truth.getKey());
            }
        }
        // The quick models read 5-digit fields exactly 82 % of the time (docs/benchmarks.md); 30 of them here.
        assertTrue(easyExact >= 15, easyExact + " of 30 easy fields read exactly");

        // Exactly the readings with doubts went to review, each once, with its reading and its scan.
        Map<String, List<ReviewItem>> reviewed = new HashMap<>();
        long doubtful = readings.values().stream().filter(list -> !list.get(0).doubts().isEmpty()).count();
        client.readUntil(Topics.REVIEW, record -> record.key().startsWith(run + "-field-"), record -> reviewed
                .computeIfAbsent(record.key(), k -> new ArrayList<>()).add(read(record.value(), ReviewItem.class)),
                () -> reviewed.size() >= doubtful);
        readings.forEach((id, list) -> assertEquals(!list.get(0).doubts().isEmpty(), reviewed.containsKey(id), id));
        reviewed.forEach((id, items) -> {
            assertEquals(1, items.size(), "review items of " + id);
            assertEquals(readings.get(id).get(0), items.get(0).field());
            assertEquals(id, items.get(0).fieldImage().id());
        });
        assertEquals(hostile.size(), letters.size());
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertEquals(hostile.get(letter.key()).code(), header(letter, DlqHeaders.REASON),
                    letter.key() + ": " + header(letter, DlqHeaders.DETAIL));
            assertArrayEquals(hostileBytes.get(letter.key()), letter.value(), "original bytes of " + letter.key());
            assertEquals(Topics.FIELDS, header(letter, DlqHeaders.TOPIC));
        }

        // The metrics topology reads field readings and true strings: hostile ones go to the DLQ from there.
        Map<String, DlqReason> hostileTruths = new LinkedHashMap<>();
        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        String prefix = run + "-truth-";
        bad.add(new ProducerRecord<>(Topics.FIELD_LABELS, prefix + "json", "{\"value\":".getBytes(StandardCharsets.UTF_8)));
        hostileTruths.put(prefix + "json", DlqReason.INVALID_JSON);
        bad.add(new ProducerRecord<>(Topics.FIELD_LABELS, prefix + "letters", ("{\"schemaVersion\":1,\"id\":\"" + prefix
                + "letters\",\"value\":\"12ab\",\"labeledAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8)));
        hostileTruths.put(prefix + "letters", DlqReason.SCHEMA_VIOLATION);
        bad.add(new ProducerRecord<>(Topics.FIELD_LABELS, prefix + "key", MnistFixtures.json(
                new FieldLabel("someone-else", "123", Instant.now()))));
        hostileTruths.put(prefix + "key", DlqReason.SCHEMA_VIOLATION);
        bad.add(new ProducerRecord<>(Topics.FIELD_LABELS, prefix + "ancient", MnistFixtures.json(
                new FieldLabel(prefix + "ancient", "123", Instant.parse("1999-01-01T00:00:00Z")))));
        hostileTruths.put(prefix + "ancient", DlqReason.IMPLAUSIBLE_TIME);
        bad.add(new ProducerRecord<>(Topics.FIELD_READINGS, prefix + "reading", "[1,2]".getBytes(StandardCharsets.UTF_8)));
        hostileTruths.put(prefix + "reading", DlqReason.SCHEMA_VIOLATION);
        client.publish(bad);
        List<ConsumerRecord<String, byte[]>> truthLetters = new ArrayList<>();
        client.readUntil(Topics.DLQ, record -> hostileTruths.containsKey(record.key()), truthLetters::add,
                () -> truthLetters.size() >= hostileTruths.size());
        assertEquals(hostileTruths.keySet(), truthLetters.stream().map(ConsumerRecord::key).collect(
                java.util.stream.Collectors.toSet()), "each hostile record dead-lettered once");
        for (ConsumerRecord<String, byte[]> letter : truthLetters) {
            assertEquals(hostileTruths.get(letter.key()).code(), header(letter, DlqHeaders.REASON),
                    letter.key() + ": " + header(letter, DlqHeaders.DETAIL));
        }
    }

    private static boolean isEven(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 2 == 0;
    }

    /** One field per way it can be broken. */
    private Map<DlqReason, byte[]> hostileFields(String id) {
        Map<DlqReason, byte[]> events = new LinkedHashMap<>();
        events.put(DlqReason.INVALID_JSON, "{\"schemaVersion\":1,\"id\":[".getBytes(StandardCharsets.UTF_8));
        events.put(DlqReason.SCHEMA_VIOLATION, ("{\"schemaVersion\":1,\"id\":\"" + id + "\",\"capturedAt\":\""
                + Instant.now() + "\",\"encoding\":\"png\",\"width\":10,\"height\":10,\"data\":\"AAAA\","
                + "\"expectedLength\":3,\"lengthRange\":{\"min\":1,\"max\":4}}").getBytes(StandardCharsets.UTF_8));
        events.put(DlqReason.WRONG_SIZE, MnistFixtures.json(
                new FieldImage(id, null, Instant.now(), ImageEncoding.RAW, 100, 30, new byte[2999], null)));
        byte[] png = MnistFixtures.scanPng(0, 3);
        events.put(DlqReason.CORRUPT_IMAGE, MnistFixtures.json(new FieldImage(id, null, Instant.now(),
                ImageEncoding.PNG, 84, 84, Arrays.copyOf(png, png.length / 2), null)));
        events.put(DlqReason.IMAGE_TOO_LARGE, MnistFixtures.json(new FieldImage(id, null, Instant.now(),
                ImageEncoding.PNG, 4096, 4096, SyntheticImages.pngHeaderOnly(100_000, 100_000), null)));
        events.put(DlqReason.IMPLAUSIBLE_TIME, MnistFixtures.json(new FieldImage(id, null,
                Instant.parse("1999-01-01T00:00:00Z"), ImageEncoding.RAW, 28, 28, new byte[784], null)));
        String padding = "0".repeat(maxPayloadBytes);
        events.put(DlqReason.PAYLOAD_TOO_LARGE, ("{\"padding\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8));
        return events;
    }
}
