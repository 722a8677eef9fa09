package io.digitstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.faults.scenario.ScenarioName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultHarnessCliTest {

    private final FaultHarnessCli cli = new FaultHarnessCli(new PrintStream(new ByteArrayOutputStream()));
    private final StringWriter errors = new StringWriter();

    @Test
    void defaultsRunEveryScenarioOfTheIssueFromTheRepositoryRoot() {
        new CommandLine(cli).parseArgs();
        HarnessSettings settings = cli.settings();

        assertEquals(List.of(ScenarioName.values()), settings.scenarios());
        assertEquals(Path.of("embedded-kafka/target/embedded-kafka.jar"), settings.brokerJar());
        assertEquals(Path.of("inference-service/target/quarkus-app/quarkus-run.jar"), settings.serviceJar());
        assertEquals(Path.of("reports/fault-report.json"), settings.reportFile());
        assertEquals("fault-harness-1", settings.instanceId());
        assertEquals(List.of(FaultHarnessCli.DEFAULT_SERVICE_HEAP), settings.serviceJvmOptions());
        assertEquals(Duration.ofSeconds(30), settings.recoveryLimit());
        assertEquals(Duration.ofSeconds(10), settings.hostileDeadline());
        assertEquals(2.0, settings.overloadFactor());
        assertNull(settings.saturationRate(), "measured unless given");
    }

    @Test
    void readsScenariosDurationsAndServiceOptions() {
        new CommandLine(cli).parseArgs("--scenarios", "hostile-records,service-kill", "--steady", "500ms",
                "--service-jvm-option=-Xmx1g", "--service-jvm-option=-XX:+ExitOnOutOfMemoryError",
                "--service-env", "DIGITSTREAM_BATCH_MAX_SIZE=64", "--saturation-rate", "800");
        HarnessSettings settings = cli.settings();

        assertEquals(List.of(ScenarioName.HOSTILE_RECORDS, ScenarioName.SERVICE_KILL), settings.scenarios());
        assertEquals(Duration.ofMillis(500), settings.steady());
        assertEquals(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), settings.serviceJvmOptions());
        assertEquals("64", settings.serviceEnvironment().get("DIGITSTREAM_BATCH_MAX_SIZE"));
        assertEquals(800.0, settings.saturationRate());
    }

    @Test
    void refusesUnknownOrRepeatedScenariosAsBadOptions() {
        assertEquals(2, execute("--scenarios", "service-kill,earthquake"));
        assertTrue(errors.toString().contains("unknown scenario 'earthquake'"), errors::toString);
        assertEquals(2, execute("--scenarios", "service-kill,service-kill"));
        assertTrue(errors.toString().contains("each scenario may run once"), errors::toString);
    }

    @Test
    void refusesARecoveryWaitShorterThanTheLimit() {
        assertEquals(2, execute("--recovery-limit", "30s", "--recovery-wait", "10s"));
    }

    private int execute(String... args) {
        return new CommandLine(new FaultHarnessCli(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).setErr(new PrintWriter(errors, true)).execute(args);
    }
}
