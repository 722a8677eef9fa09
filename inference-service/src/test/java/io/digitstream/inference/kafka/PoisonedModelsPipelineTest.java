package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.PipelineTestClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.CentroidOnnxModels;
import io.digitstream.inference.model.CentroidOnnxModels.Poison;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records that make the models fail (they answer NaN for them), through the real broker: before the isolation, one of
 * them looped its batch forever and stalled the partition. Now each goes to the DLQ as processing-failed, every
 * other image is predicted exactly once, and the retries stay bounded.
 */
@QuarkusTest
@TestProfile(PoisonedModelsPipelineTest.PoisonedModels.class)
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class PoisonedModelsPipelineTest {

    /** Real ONNX models that answer NaN when the first pixel is full ink. */
    public static class PoisonedModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("poisoned-models");
                CentroidOnnxModels.writePoisoned(dir, List.of("mlp", "cnn"), 2000, Poison.FIRST_PIXEL_FULL_INK);
                return Map.of("digitstream.models.dir", dir.toString(),
                        "kafka-streams.state.dir", dir.resolve("streams").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Inject
    MeterRegistry meters;

    @Test
    void recordsThatBreakTheModelsAreDeadLetteredAndEveryOtherImageIsPredictedOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> valid = new TreeSet<>();
        Set<String> poison = new TreeSet<>();
        for (int i = 0; i < 120; i++) {
            if (i % 30 == 10) {
                String id = run + "-poison-" + i;
                byte[] pixels = new byte[784];
                pixels[0] = (byte) 255;
                records.add(new ProducerRecord<>(Topics.IMAGES, 0, id, MnistFixtures.json(
                        new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, 28, 28, pixels))));
                poison.add(id);
            }
            String id = run + "-ok-" + i;
            records.add(new ProducerRecord<>(Topics.IMAGES, 0, id, MnistFixtures.json(MnistFixtures.rawEvent(id, i))));
            valid.add(id);
        }
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(3));
        client.publish(records);

        Map<String, Integer> predictions = new HashMap<>();
        client.readUntil(Topics.PREDICTIONS, r -> r.key().startsWith(run), r -> predictions.merge(r.key(), 1, Integer::sum),
                () -> predictions.keySet().containsAll(valid));
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        client.readUntil(Topics.DLQ, r -> r.key().startsWith(run), letters::add, () -> letters.size() >= poison.size());

        assertEquals(valid, predictions.keySet(), "every valid image predicted, no poisoned one");
        predictions.forEach((id, count) -> assertEquals(1, count, "predictions of " + id));
        assertEquals(poison, new TreeSet<>(letters.stream().map(ConsumerRecord::key).toList()));
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertEquals("processing-failed", header(letter, DlqHeaders.REASON));
            assertTrue(header(letter, DlqHeaders.DETAIL).contains("NaN"), header(letter, DlqHeaders.DETAIL));
        }
        double isolated = meters.get("digitstream.records.isolated").counter().count();
        double retried = meters.get("digitstream.batches.retried").counter().count();
        double batches = meters.get("digitstream.batch.size").summary().count();
        assertEquals(poison.size(), isolated);
        assertTrue(retried <= 2 * poison.size(), "retries are bounded: " + retried + " for " + poison.size()
                + " poisoned records in " + batches + " batches");
        assertEquals(0.0, meters.find("digitstream.transactions.aborted").counters().stream()
                .mapToDouble(c -> c.count()).sum(), "no batch aborted");
    }
}
