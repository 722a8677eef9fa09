package io.digitstream.inference.kafka;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.inference.MnistFixtures;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.SimulatorCli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The simulator's {@code --source fields} against the running service and the real broker: every field it sends
 * comes back read exactly once, and its report scores the fields per model and for the ensemble. The service's live
 * metrics join the same readings with the simulator's true strings on {@code digits.field-labels} and must come to
 * the same scores, and the dashboard's recent fields show them with their boxes and true digits.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class FieldSimulationTest {

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    private static final String[] MODELS = {"ensemble", "mlp", "rnn", "gru", "cnn"};

    @Test
    void theSimulatorsFieldsAreEachReadOnceAndScored() throws Exception {
        // This is the only test that labels fields read on this broker: the live counts start from whatever fields
        // earlier tests had read, and the labelled ones must grow by exactly this run's.
        Map<String, JsonNode> before = new HashMap<>();
        for (String model : MODELS) {
            before.put(model, cumulativeFields(model));
        }
        Path report = Path.of("target", "field-simulation", "report.json");
        Files.createDirectories(report.getParent());
        Files.deleteIfExists(report);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(new SimulatorCli(out, out)).execute(
                "--bootstrap-servers", broker.bootstrapServers(),
                "--source", "fields",
                "--field-digits", "5",
                "--field-length-hint",
                "--field-touching", "0",
                "--field-comb-boxes", "0",
                "--field-underlines", "0",
                "--rate", "20",
                "--count", "60",
                "--wait-for-predictions", "60s",
                "--report-json", report.toString());
        String log = output.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "simulator exit code; its output:\n" + log);
        assertTrue(log.contains("fields") && log.contains("exact"), log);

        JsonNode json = EventJson.mapper().readTree(report.toFile());
        assertEquals(60, json.get("sent").asLong());
        assertEquals(60, json.get("predicted").asLong());
        assertEquals(0, json.get("lost").asLong());
        assertEquals(0, json.get("duplicated").asLong());
        assertEquals(60, json.get("labelsPublished").asLong());
        JsonNode fields = json.get("fields");
        assertNotNull(fields, "a fields section when fields were sent:\n" + json);
        assertEquals(60, fields.get("ensemble").get("fields").asLong());
        assertEquals(1.0, fields.get("ensemble").get("lengthRight").asDouble(), "the length hint holds every cut");
        // The quick models read such fields exactly 82 % of the time (docs/benchmarks.md).
        assertTrue(fields.get("ensemble").get("exactMatch").asDouble() >= 0.6, fields.toString());
        for (String model : new String[] {"mlp", "rnn", "gru", "cnn"}) {
            assertEquals(60, fields.get("models").get(model).get("fields").asLong(), model);
        }
        // Every digit of a field read at the right length is scored like a single prediction.
        assertEquals(300, json.get("ensemble").get("labelled").asLong());

        awaitLiveFieldsLabelled(before.get("ensemble"), 60);
        for (String model : MODELS) {
            JsonNode reported = model.equals("ensemble") ? fields.get("ensemble") : fields.get("models").get(model);
            JsonNode live = cumulativeFields(model);
            assertNotNull(live, "live field metrics for " + model);
            assertEquals(60, count(live, "labelledCount") - count(before.get(model), "labelledCount"), model);
            assertEquals(Math.round(60 * reported.get("exactMatch").asDouble()),
                    share(live, "exactMatch") - share(before.get(model), "exactMatch"),
                    model + ": fields read exactly, live vs the simulator's report");
            assertEquals(Math.round(60 * reported.get("lengthRight").asDouble()),
                    share(live, "lengthAccuracy") - share(before.get(model), "lengthAccuracy"), model + ": lengths");
        }
        assertRecentFieldsShowReadingsWithTheirTruth();
    }

    /**
     * Unlabelled tick fields move the topology's stream time on, so that the cumulative totals holding every label are
     * published (they are published per 10 s of event time, and the simulator's last events would otherwise wait).
     */
    private void awaitLiveFieldsLabelled(JsonNode before, long labelled) throws Exception {
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofMinutes(1));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        int tick = 0;
        while (count(cumulativeFields("ensemble"), "labelledCount") - count(before, "labelledCount") < labelled) {
            assertTrue(Instant.now().isBefore(deadline), "live field metrics never counted " + labelled
                    + " labelled fields: " + cumulativeFields("ensemble"));
            String id = "tick-" + UUID.randomUUID();
            FieldImage field = new FieldImage(id, null, Instant.now(), ImageEncoding.PNG, 84, 84,
                    MnistFixtures.scanPng(tick++, 3), null);
            client.publish(List.of(new ProducerRecord<>(Topics.FIELDS, id, MnistFixtures.json(field))));
            Thread.sleep(2_000);
        }
    }

    private static void assertRecentFieldsShowReadingsWithTheirTruth() {
        List<Map<String, Object>> recent = given().get("/api/fields/recent").then().statusCode(200).extract()
                .jsonPath().getList("$");
        List<Map<String, Object>> simulated = recent.stream().filter(f -> f.get("label") != null).toList();
        assertFalse(simulated.isEmpty(), "recent fields with their true digits: " + recent);
        for (Map<String, Object> field : simulated) {
            String value = (String) field.get("value");
            assertEquals(value.length(), ((List<?>) field.get("boxes")).size(), "a box per digit of " + field.get("id"));
            assertEquals(4, ((List<?>) field.get("models")).size(), "every model's reading of " + field.get("id"));
            assertTrue(field.get("label").toString().matches("[0-9]{5}"), "true digits of " + field.get("id"));
        }
    }

    /** The ensemble's or a model's cumulative field metrics as the service shows them live; null before any. */
    private static JsonNode cumulativeFields(String model) throws Exception {
        String body = given().get("/api/metrics/live").then().statusCode(200).extract().asString();
        JsonNode fields = EventJson.mapper().readTree(body).path("models").path(model).path("cumulative").path("fields");
        return fields.isMissingNode() || fields.isNull() ? null : fields;
    }

    private static long count(JsonNode fields, String name) {
        return fields == null ? 0 : fields.get(name).asLong();
    }

    /** A share times the labelled count: how many fields it stands for. */
    private static long share(JsonNode fields, String name) {
        return fields == null || fields.get(name).isNull() ? 0
                : Math.round(fields.get(name).asDouble() * fields.get("labelledCount").asLong());
    }
}
