package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.unanimous;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service's own Kafka Streams app on a real broker, from predictions and labels on the topics to the REST view
 * and the Prometheus gauges: 10 images, 8 of them labelled, 6 of those right, so the ensemble's accuracy is 0.75.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class LiveMetricsResourceTest {

    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Test
    void publishesTheExpectedAccuracyToTheRestViewAndPrometheus() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<String, DigitPrediction> predictions = producer(new DigitPredictionSerde.Serializer());
                KafkaProducer<String, DigitLabel> labels = producer(new DigitLabelSerde.Serializer())) {
            for (int i = 0; i < 10; i++) {
                String id = "live-" + i;
                predictions.send(new ProducerRecord<>(Topics.PREDICTIONS, id, unanimous(id, t0.plusMillis(100L * i), i)));
                if (i < 8) {
                    int truth = i < 2 ? 9 - i : i;
                    labels.send(new ProducerRecord<>(Topics.LABELS, id, label(id, truth, t0.plusSeconds(1))));
                }
            }
            labels.flush();

            // Metrics are published as stream time moves: unlabelled ticks move it on by 11 s each.
            JsonPath live = null;
            Instant tick = t0.plusSeconds(20);
            Instant deadline = Instant.now().plus(DEADLINE);
            while (Instant.now().isBefore(deadline)) {
                String id = "tick-" + tick.toEpochMilli();
                predictions.send(new ProducerRecord<>(Topics.PREDICTIONS, id, unanimous(id, tick, 1))).get();
                // 11 s of event time per second, but never past the plausible future (max-future-skew, 5 min).
                Instant latestPlausible = Instant.now().plus(Duration.ofMinutes(4));
                tick = tick.plusSeconds(11).isAfter(latestPlausible) ? latestPlausible : tick.plusSeconds(11);
                Thread.sleep(1000);
                live = given().get("/api/metrics/live").then().statusCode(200).extract().jsonPath();
                if (Integer.valueOf(8).equals(live.get("models.ensemble.cumulative.labelledCount"))
                        && live.get("models.ensemble.rolling") != null) {
                    break;
                }
            }
            assertNotNull(live);
            assertEquals(8, (Integer) live.get("models.ensemble.cumulative.labelledCount"), () -> "never reached 8 labels");
            assertEquals(0.75, live.getDouble("models.ensemble.cumulative.accuracy"), 1e-9);
            assertEquals("cumulative", live.getString("models.ensemble.cumulative.window"));
            assertEquals("rolling", live.getString("models.ensemble.rolling.window"));
            assertNotNull(live.get("models.mlp.cumulative"), "every model has its own metrics");
            assertNotNull(live.get("asOf"));

            String prometheus = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(prometheus.contains("digitstream_model_accuracy{model=\"ensemble\",role=\"champion\",version=\"1\",window=\"cumulative\"} 0.75"),
                    () -> "no ensemble accuracy gauge in:\n" + grepDigitstream(prometheus));
            assertTrue(prometheus.contains("digitstream_model_labelled{model=\"ensemble\",role=\"champion\",version=\"1\",window=\"cumulative\"} 8.0"),
                    () -> "no ensemble labelled gauge in:\n" + grepDigitstream(prometheus));
        }
    }

    private <T> KafkaProducer<String, T> producer(org.apache.kafka.common.serialization.Serializer<T> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), values);
    }

    private static String grepDigitstream(String prometheus) {
        return prometheus.lines().filter(line -> line.startsWith("digitstream_")).reduce("", (a, b) -> a + b + "\n");
    }
}
