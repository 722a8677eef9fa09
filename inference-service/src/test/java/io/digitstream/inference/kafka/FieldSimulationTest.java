package io.digitstream.inference.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.EventJson;
import io.digitstream.simulator.SimulatorCli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The simulator's {@code --source fields} against the running service and the real broker: every field it sends
 * comes back read exactly once, and its report scores the fields per model and for the ensemble.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class FieldSimulationTest {

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Test
    void theSimulatorsFieldsAreEachReadOnceAndScored() throws Exception {
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
    }
}
