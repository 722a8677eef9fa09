package io.digitstream.inference.kafka;

import static io.digitstream.inference.kafka.PipelineTestClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelMetrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Several environments can share a cluster: with every topic, the consumer group and the Streams application renamed,
 * an image, its label and a bad record flow through the renamed topics only. Before, the metrics topology, the live
 * metrics channel and the dashboard kept the contract's names, so a renamed predictions topic starved the metrics
 * and a renamed DLQ split dead letters across two topics. The broker creates topics on first use, so any reader or
 * writer still on a default name would leave that topic behind.
 */
@QuarkusTest
@TestProfile(RenamedTopicsPipelineTest.StagingNames.class)
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(
        name = EmbeddedKafkaTestResource.TOPICS_ARG, value = "staging.images,staging.labels,staging.predictions,"
                + "staging.review,staging.review-answers,staging.dlq,staging.metrics,staging.fields,staging.field-readings,"
                + "staging.field-labels"))
class RenamedTopicsPipelineTest {

    private static final List<String> TOPICS = List.of("images", "labels", "predictions", "review", "review-answers",
            "dlq", "metrics", "fields", "field-readings", "field-labels");

    /** Every topic as staging.NAME, the group and the Streams application prefixed with staging. */
    public static class StagingNames implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(TOPICS.stream()
                    .collect(Collectors.toMap(topic -> "digitstream.topics." + topic, topic -> "staging." + topic)));
            overrides.put("digitstream.group-id", "staging-inference");
            overrides.put("digitstream.metrics-application-id", "staging-metrics");
            overrides.put("digitstream.metrics.cumulative-emit-interval", "1s");
            overrides.put("kafka-streams.state.dir", Path.of("target", "renamed-topics-test",
                    "kafka-streams-" + UUID.randomUUID()).toAbsolutePath().toString());
            return overrides;
        }
    }

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Test
    void everyReaderAndWriterUsesTheConfiguredNames() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(2));
        client.publish(List.of(
                new ProducerRecord<>("staging.images", run + "-bad", "{".getBytes(StandardCharsets.UTF_8))));
        FieldImage field = new FieldImage(run + "-field", null, Instant.now(), ImageEncoding.RAW, 28, 28,
                MnistFixtures.testSplit().images().image(3), null);
        client.publish(List.of(new ProducerRecord<>("staging.fields", field.id(), MnistFixtures.json(field))));
        // Labelled images over a few seconds: cumulative metrics are published as stream time moves on.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = run + "-ok-" + i;
            ids.add(id);
            client.publish(List.of(
                    new ProducerRecord<>("staging.images", id, MnistFixtures.json(MnistFixtures.rawEvent(id, i))),
                    new ProducerRecord<>("staging.labels", id,
                            MnistFixtures.json(new DigitLabel(id, MnistFixtures.label(i), Instant.now())))));
            Thread.sleep(500);
        }

        Set<String> predicted = new TreeSet<>();
        client.readUntil("staging.predictions", r -> r.key().startsWith(run), r -> predicted.add(r.key()),
                () -> predicted.size() >= ids.size());
        List<String> read = new ArrayList<>();
        client.readUntil("staging.field-readings", r -> r.key().startsWith(run), r -> read.add(r.key()),
                () -> !read.isEmpty());
        assertEquals(List.of(run + "-field"), read);
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        client.readUntil("staging.dlq", r -> r.key().startsWith(run), letters::add, () -> !letters.isEmpty());
        List<ModelMetrics> labelled = new ArrayList<>();
        client.readUntil("staging.metrics", r -> true, r -> {
            ModelMetrics metrics = PipelineTestClient.read(r.value(), ModelMetrics.class);
            if (metrics.labelledCount() > 0) {
                labelled.add(metrics);
            }
        }, () -> !labelled.isEmpty());

        assertEquals(new TreeSet<>(ids), predicted);
        assertEquals(List.of(run + "-bad"), letters.stream().map(ConsumerRecord::key).toList());
        assertEquals("staging.images", header(letters.get(0), DlqHeaders.TOPIC));
        assertTrue(!labelled.isEmpty(), "the metrics topology joined the label from staging.labels");
        try (Admin admin = broker.createAdmin()) {
            Set<String> digitsTopics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith("digits.")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(), digitsTopics, "topics under the contract's default names");
            Set<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertTrue(groups.contains("staging-inference") && groups.contains("staging-metrics"), groups.toString());
            assertTrue(groups.stream().noneMatch(g -> g.startsWith("inference-service") || g.startsWith("digit-stream")),
                    groups.toString());
        }
    }
}
