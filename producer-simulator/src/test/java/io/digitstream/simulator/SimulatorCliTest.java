package io.digitstream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.simulator.load.RateSchedule;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option handling only: every case here fails or is inspected before any connection is made. */
class SimulatorCliTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void durationsReadTheWayPeopleTypeThem() {
        DurationConverter converter = new DurationConverter();
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofSeconds(45), converter.convert("PT45S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("soon"));
    }

    @Test
    void aRampWithoutCountOrDurationRunsAllItsSteps() {
        SimulationSettings settings = parse("--rate", "50", "--ramp-to", "200", "--ramp-step", "50",
                "--ramp-interval", "5s").settings();

        RateSchedule.Ramp ramp = assertInstanceOf(RateSchedule.Ramp.class, settings.schedule());
        assertEquals(4, ramp.stepCount());
        assertEquals(Duration.ofSeconds(20), settings.stop().duration());
        assertEquals(OptionalLong.empty(), settings.stop().count());
    }

    @Test
    void aFixedRunWithoutLimitsSendsOneThousandImages() {
        SimulationSettings settings = parse("--bootstrap-servers", "127.0.0.1:1").settings();

        assertInstanceOf(RateSchedule.Fixed.class, settings.schedule());
        assertEquals(OptionalLong.of(1000), settings.stop().count());
        assertEquals("127.0.0.1:1", settings.kafkaConfig().get("bootstrap.servers"));
        assertTrue(settings.runId().matches("sim-[0-9a-f]{8}"), settings.runId());
    }

    @Test
    void invalidCombinationsAreUsageErrors() {
        assertUsageError("labels fraction", "--labels-fraction", "1.5");
        assertUsageError("positive", "--rate", "0");
        assertUsageError("must not be below", "--rate", "100", "--ramp-to", "50");
        assertUsageError("does not apply", "--source", "synthetic", "--encoding", "raw");
        assertUsageError("does not apply", "--source", "folder", "--folder", ".", "--encoding", "raw");
        assertUsageError("needs --folder", "--source", "folder");
        assertUsageError("only apply to --source folder", "--folder", "scans");
        assertUsageError("scan", "--source", "synthetic", "--scan-min-scale", "0.9", "--scan-max-scale", "0.5");
        assertUsageError("not a duration", "--duration", "forever");
        assertUsageError("does not apply", "--source", "fields", "--encoding", "raw");
        assertUsageError("must be N or MIN-MAX", "--source", "fields", "--field-digits", "abc");
        assertUsageError("must be N or MIN-MAX", "--source", "fields", "--field-digits", "9".repeat(300));
        assertUsageError("within 1..32", "--source", "fields", "--field-digits", "0-3");
        assertUsageError("within 1..32", "--source", "fields", "--field-digits", "5-40");
        assertUsageError("within 1..32", "--source", "fields", "--field-digits", "7-3");
        assertUsageError("shares", "--source", "fields", "--field-touching", "1.5");
        assertUsageError("shares", "--source", "fields", "--field-comb-boxes", "-0.1");
    }

    @Test
    void aClientSettingsFileConfiguresKafkaAndAnExplicitPropertyWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"simulator\" password=\"s3cret\";\n");
        Map<String, Object> kafka = parse("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", file.toString(),
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-256").settings().kafkaConfig();
        assertEquals("SASL_SSL", kafka.get("security.protocol"));
        assertEquals("SCRAM-SHA-256", kafka.get("sasl.mechanism"));
        assertTrue(String.valueOf(kafka.get("sasl.jaas.config")).contains("username=\"simulator\""));
        assertEquals("127.0.0.1:1", kafka.get("bootstrap.servers"));
    }

    @Test
    void aMissingOrAddressCarryingSettingsFileIsAUsageErrorThatShowsNoSecret(@TempDir Path dir) throws Exception {
        assertUsageError("does not exist", "--kafka-config", dir.resolve("missing.properties").toString());
        Path withAddress = dir.resolve("address.properties");
        Files.writeString(withAddress, "bootstrap.servers=elsewhere:9092\nsasl.jaas.config=password=\"s3cret\"\n");
        assertUsageError("KAFKA_BOOTSTRAP_SERVERS", "--kafka-config", withAddress.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("s3cret"));
    }

    private void assertUsageError(String fragment, String... args) {
        err.reset();
        int exitCode = SimulatorCli.commandLine(quiet(), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(CommandLine.ExitCode.USAGE, exitCode, String.join(" ", args) + ": " + message);
        assertTrue(message.contains(fragment), String.join(" ", args) + ": " + message);
    }

    private static SimulatorCli parse(String... args) {
        SimulatorCli cli = new SimulatorCli(quiet(), quiet());
        new CommandLine(cli).parseArgs(args);
        return cli;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
