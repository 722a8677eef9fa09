package io.digitstream.inference.kafka;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.ModelStoreFixture;
import io.digitstream.inference.model.ModelStoreFixture.Smoke;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Models change while images stream through the real broker: a challenger joins, is promoted, a tampered version is
 * refused, and the champion is rolled back, all picked up by polling the store's pointer. Every image gets exactly one
 * prediction, every prediction names the version that made it, no batch mixes versions, the tampered version never
 * answers, and the challenger is scored in digits.metrics under its own role and version.
 */
@QuarkusTest
@TestProfile(ModelReloadPipelineTest.Store.class)
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true)
class ModelReloadPipelineTest {

    static final Path STORE = Path.of("target", "model-reload-test", "store-" + UUID.randomUUID()).toAbsolutePath();

    /** A store with versions v1, v2 and a tampered v3; v1 serves at start; the pointer is polled every 200 ms. */
    public static class Store implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                ModelStoreFixture.writeVersion(STORE, "v1", 1, Smoke.TRUE);
                ModelStoreFixture.writeVersion(STORE, "v2", 2, Smoke.TRUE);
                Path v3 = ModelStoreFixture.writeVersion(STORE, "v3", 3, Smoke.TRUE);
                byte[] onnx = Files.readAllBytes(v3.resolve("mlp.onnx"));
                onnx[onnx.length / 2] ^= 1;
                Files.write(v3.resolve("mlp.onnx"), onnx);
                ModelStoreFixture.point(STORE, "v1", null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> overrides = new HashMap<>();
            overrides.put("digitstream.models.dir", STORE.toString());
            overrides.put("digitstream.models.reload-interval", "200ms");
            overrides.put("digitstream.metrics.cumulative-emit-interval", "1s");
            overrides.put("kafka-streams.state.dir", STORE.resolveSibling("kafka-streams-" + UUID.randomUUID()).toString());
            return overrides;
        }
    }

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    // Read back from the configuration: the profile may be loaded by another class loader, with its own STORE.
    @ConfigProperty(name = "digitstream.models.dir")
    Path store;

    @Test
    void imagesStreamingWhileTheModelsChangeGetExactlyOnePredictionEachFromOneVersionPerBatch() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(3));
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean streaming = new AtomicBoolean(true);
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        Future<?> publishing = publisher.submit(() -> {
            int i = 0;
            while (streaming.get()) {
                List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
                for (int k = 0; k < 10; k++, i++) {
                    String id = run + "-" + i;
                    records.add(new ProducerRecord<>(Topics.IMAGES, id, MnistFixtures.json(MnistFixtures.rawEvent(id, i % 1000))));
                    records.add(new ProducerRecord<>(Topics.LABELS, id,
                            MnistFixtures.json(new DigitLabel(id, MnistFixtures.label(i % 1000), Instant.now()))));
                    sent.add(id);
                }
                client.publish(records);
                Thread.sleep(50);
            }
            return null;
        });
        try {
            awaitServing(models -> "v1".equals(models.getString("champion.version")), "v1 at start");
            streamFor(Duration.ofSeconds(2));

            ModelStore.writePointer(store, new ModelPointer("v1", "v2", null, Instant.now()));
            awaitServing(models -> "v2".equals(models.getString("challenger.version")), "v2 as challenger");
            streamFor(Duration.ofSeconds(4));

            ModelStore.writePointer(store, new ModelPointer("v2", null, "v1", Instant.now()));
            awaitServing(models -> "v2".equals(models.getString("champion.version"))
                    && models.get("challenger") == null, "v2 promoted");
            streamFor(Duration.ofSeconds(2));

            ModelStore.writePointer(store, new ModelPointer("v3", null, "v2", Instant.now()));
            JsonPath refused = awaitServing(models -> "REFUSED".equals(models.getString("lastReload.result")),
                    "v3 refused");
            assertEquals("v2", refused.getString("champion.version"), "the serving set goes on");
            assertTrue(refused.getString("lastReload.message").contains("sha256"), refused.getString("lastReload.message"));
            given().post("/api/models/reload").then().statusCode(409);
            streamFor(Duration.ofSeconds(2));

            ModelStore.writePointer(store, new ModelPointer("v1", null, "v2", Instant.now()));
            awaitServing(models -> "v1".equals(models.getString("champion.version")), "rolled back to v1");
            streamFor(Duration.ofSeconds(2));
        } finally {
            streaming.set(false);
            publishing.get(60, TimeUnit.SECONDS);
            publisher.shutdownNow();
        }

        Set<String> expected = new HashSet<>(sent);
        Map<String, Integer> predictionsPerImage = new ConcurrentHashMap<>();
        List<DigitPrediction> predictions = new CopyOnWriteArrayList<>();
        client.readUntil(Topics.PREDICTIONS, r -> r.key().startsWith(run + "-"), r -> {
            predictionsPerImage.merge(r.key(), 1, Integer::sum);
            predictions.add(PipelineTestClient.read(r.value(), DigitPrediction.class));
        }, () -> predictionsPerImage.keySet().containsAll(expected));

        assertEquals(expected, predictionsPerImage.keySet(), "every image is predicted");
        assertTrue(predictionsPerImage.values().stream().allMatch(count -> count == 1),
                "no image is predicted twice across the swaps");
        Map<Instant, Set<String>> versionsPerBatch = new HashMap<>();
        for (DigitPrediction prediction : predictions) {
            Set<String> versions = versionsPerBatch.computeIfAbsent(prediction.predictedAt(), at -> new HashSet<>());
            versions.add(prediction.modelSet());
            prediction.models().forEach(model -> versions.add(model.version()));
        }
        System.out.printf("model reload pipeline: %d images, %d batches, %d with a challenger answer%n",
                expected.size(), versionsPerBatch.size(), predictions.stream().filter(p -> p.challenger() != null).count());
        versionsPerBatch.forEach((at, versions) -> assertEquals(1, versions.size(),
                () -> "the batch predicted at " + at + " mixes versions " + versions));
        Set<String> champions = new HashSet<>();
        predictions.forEach(prediction -> champions.add(prediction.modelSet()));
        assertEquals(Set.of("v1", "v2"), champions, "v1 and v2 served; the tampered v3 never did");
        List<DigitPrediction> challenged = predictions.stream().filter(p -> p.challenger() != null).toList();
        assertFalse(challenged.isEmpty(), "the challenger answered while it ran");
        assertTrue(challenged.stream().allMatch(p -> p.modelSet().equals("v1") && p.challenger().modelSet().equals("v2")),
                "only v2 challenged, only v1");
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        client.readUntil(Topics.DLQ, r -> r.key().startsWith(run), letters::add, () -> true);
        assertEquals(List.of(), letters.stream().map(ConsumerRecord::key).toList(), "no valid image went to the DLQ");

        List<ModelMetrics> challengerMetrics = new CopyOnWriteArrayList<>();
        client.readUntil(Topics.METRICS, r -> true, r -> {
            ModelMetrics metrics = PipelineTestClient.read(r.value(), ModelMetrics.class);
            if (metrics.role() == ModelRole.CHALLENGER && metrics.labelledCount() > 0) {
                challengerMetrics.add(metrics);
            }
        }, () -> !challengerMetrics.isEmpty());
        assertFalse(challengerMetrics.isEmpty(), "the challenger is scored against the labels in digits.metrics");
        assertTrue(challengerMetrics.stream().allMatch(m -> "v2".equals(m.version())));
        Set<String> scoredModels = new HashSet<>();
        challengerMetrics.forEach(m -> scoredModels.add(m.model()));
        assertTrue(scoredModels.contains("ensemble"), scoredModels.toString());
    }

    private static void streamFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private static JsonPath awaitServing(Predicate<JsonPath> condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonPath models = null;
        while (Instant.now().isBefore(deadline)) {
            models = given().get("/api/models").then().statusCode(200).extract().jsonPath();
            if (condition.test(models)) {
                return models;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached: " + what + "; last /api/models: "
                + (models == null ? null : models.prettify()));
    }
}
