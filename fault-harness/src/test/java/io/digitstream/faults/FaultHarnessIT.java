package io.digitstream.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.faults.report.Check;
import io.digitstream.faults.report.FaultReport;
import io.digitstream.faults.report.HostileCaseReport;
import io.digitstream.faults.report.ReportJson;
import io.digitstream.faults.report.ScenarioReport;
import io.digitstream.faults.report.SummaryTable;
import io.digitstream.faults.scenario.ScenarioName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The short version of the fault harness, through the real broker and the packaged service as processes: a
 * {@code kill -9} of the service with an immediate restart, then the whole hostile mix, with images flowing at a
 * fixed rate throughout. Asserts the expectations as they are: nothing lost, nothing answered twice,
 * recovery within 30 s, every follow-up image predicted within 10 s, every hostile record handled as expected, the
 * service healthy and its memory bounded. The broker restart and the overload are in the long version
 * ({@code scripts/fault-harness.sh}), which takes several minutes.
 */
class FaultHarnessIT {

    @Test
    void losesNothingDoublesNothingAndRecoversFromAServiceKillAndHostileRecords() throws Exception {
        Path root = Path.of(System.getProperty("digitstream.root"));
        Path models = Path.of(System.getProperty("digitstream.models.dir"));
        assertTrue(Files.exists(models.resolve("manifest.json")), () -> models + " has no models; the "
                + "inference-service build trains them (its quick-models execution)");
        // In the module's target, so the logs and broker data stay for a look after a failure.
        Path work = Path.of("target", "fault-harness-it").toAbsolutePath();
        Path reportFile = work.resolve("fault-report.json");
        HarnessSettings settings = new HarnessSettings(
                root.resolve("embedded-kafka/target/embedded-kafka.jar"),
                root.resolve("inference-service/target/quarkus-app/quarkus-run.jar"), models, work, reportFile,
                4, Map.of(), "sasl-ssl", "fault-harness-it", List.of(FaultHarnessCli.DEFAULT_SERVICE_HEAP), Map.of(),
                20, List.of(ScenarioName.SERVICE_KILL, ScenarioName.HOSTILE_RECORDS),
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(90),
                200, 1024, null, 1000, 2, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofSeconds(5), false);

        FaultHarness harness = new FaultHarness(settings, new Console(System.out));
        FaultReport report = harness.run();
        ReportJson.write(report, reportFile);
        System.out.println(SummaryTable.format(report));

        assertNull(report.abortedBecause(), "the run was cut short; logs in " + report.runDirectory());
        assertEquals(List.of("service-kill", "hostile-records"),
                report.scenarios().stream().map(ScenarioReport::name).toList());
        List<Executable> expectations = new ArrayList<>();
        for (ScenarioReport scenario : report.scenarios()) {
            expectations.add(() -> assertTrue(scenario.imagesSent() > 0, scenario.name() + ": no images flowed"));
            expectations.add(() -> assertEquals(0, scenario.lost(), scenario.name() + ": images lost, e.g. "
                    + scenario.lostExamples()));
            expectations.add(() -> assertEquals(0, scenario.duplicated(), scenario.name() + ": answered twice, e.g. "
                    + scenario.duplicatedExamples()));
            for (Check check : scenario.checks()) {
                expectations.add(() -> assertTrue(check.passed(),
                        scenario.name() + ": " + check.name() + " (" + check.detail() + ")"));
            }
            if (scenario.hostileCases() != null) {
                for (HostileCaseReport hostile : scenario.hostileCases()) {
                    expectations.add(() -> assertTrue(hostile.passed(), hostile.name() + ": " + hostile.problems()));
                }
            }
        }
        assertAll("fault harness expectations (report " + reportFile + ", logs " + report.runDirectory() + ")",
                expectations);
    }
}
