package io.digitstream.faults.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.faults.HarnessSettings;
import io.digitstream.faults.hostile.HostileCase;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.faults.kafka.TrackedRecord;
import io.digitstream.faults.scenario.HostileCaseRun;
import io.digitstream.faults.scenario.ScenarioName;
import io.digitstream.faults.scenario.ScenarioRecord;
import io.digitstream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    private final Ledger ledger = new Ledger();
    private final ReportBuilder builder = new ReportBuilder(settings(), ledger);

    @Test
    void countsLossDuplicatesAndDeadLettersByTheScenarioTheImagesWereSentIn() {
        ledger.scenario("service-kill");
        sent("once");
        sent("twice");
        sent("never");
        sent("rejected");
        ledger.scenario("hostile-records");
        sent("later");
        ledger.onPrediction("once", 1);
        ledger.onPrediction("twice", 2);
        ledger.onPrediction("twice", 3);
        ledger.onDeadLetter(Topics.IMAGES, "rejected", "processing-failed");
        ledger.onPrediction("later", 5);
        ScenarioRecord record = faultRecord(ScenarioName.SERVICE_KILL, 4.0, 12.0);

        ScenarioReport report = builder.scenario(record);

        assertEquals(4, report.imagesSent());
        assertEquals(2, report.imagesPredicted());
        assertEquals(2, report.lost(), "a dead-lettered valid image was never predicted either");
        assertEquals(List.of("never", "rejected"), report.lostExamples());
        assertEquals(1, report.duplicated());
        assertEquals(Map.of("processing-failed", 1L), report.deadLettersByReason());
        assertFalse(report.passed());
        Map<String, Check> checks = byName(report.checks());
        assertFalse(checks.get("no valid image lost").passed());
        assertFalse(checks.get("no record answered twice").passed());
        assertTrue(checks.get("first new prediction within 30 s of the fault's end").passed());
        assertTrue(checks.get("service RSS at most 1024 MB").passed());
    }

    @Test
    void aSlowOrMissingRecoveryFailsItsCheck() {
        ScenarioReport slow = builder.scenario(faultRecord(ScenarioName.BROKER_RESTART, 64.2, null));

        Map<String, Check> checks = byName(slow.checks());
        Check first = checks.get("first new prediction within 30 s of the fault's end");
        assertFalse(first.passed());
        assertEquals("64.2 s", first.detail());
        assertFalse(checks.get("lag under 200 within 30 s of the fault's end").passed());
        assertEquals(64.2, slow.recovery().firstPredictionSeconds());
    }

    @Test
    void aHostileCasePassesOnlyWithAnExpectedOutcomeATimelyFollowUpAndAHealthyService() {
        ledger.scenario("hostile-records");
        HostileCase truncated = hostileCase("truncated-jpeg", "bad-1", "corrupt-image");
        TrackedRecord predicted = sentHostile("bad-1");
        ledger.onPrediction("bad-1", 1);
        HostileCase invalid = hostileCase("invalid-json", "bad-2", "invalid-json");
        TrackedRecord deadLettered = sentHostile("bad-2");
        ledger.onDeadLetter(Topics.IMAGES, "bad-2", "invalid-json");
        ScenarioRecord record = new ScenarioRecord(ScenarioName.HOSTILE_RECORDS);
        record.memory(400 * 1024, 400 * 1024);
        record.hostileCase(new HostileCaseRun(truncated, predicted, sent("f-1"), 80L, 200, 200));
        record.hostileCase(new HostileCaseRun(invalid, deadLettered, sent("f-2"), null, 200, 500));

        ScenarioReport report = builder.scenario(record);

        HostileCaseReport first = report.hostileCases().get(0);
        assertEquals("predicted", first.outcome());
        assertEquals(List.of("became 'predicted', expected one of [corrupt-image]"), first.problems());
        HostileCaseReport second = report.hostileCases().get(1);
        assertEquals("invalid-json", second.outcome());
        assertEquals(List.of("the valid image after it was not predicted within 10 s",
                "after it /q/health/ready answered 200 and /api/recent 500"), second.problems());
        assertEquals(2, report.hostileRecordsSent());
        assertEquals(Map.of("invalid-json", 1L), report.deadLettersByReason());
        assertEquals(null, report.recovery(), "no single fault to recover from");
        assertFalse(report.passed());
    }

    private ScenarioRecord faultRecord(ScenarioName name, Double firstPrediction, Double lagUnder) {
        ScenarioRecord record = new ScenarioRecord(name);
        record.faultStarted();
        record.faultEnded();
        if (firstPrediction != null) {
            record.firstPrediction(firstPrediction);
        }
        if (lagUnder != null) {
            record.lagUnderThreshold(lagUnder);
        }
        record.memory(500 * 1024, 600 * 1024);
        return record;
    }

    private TrackedRecord sent(String id) {
        TrackedRecord record = ledger.register(Topics.IMAGES, id, RecordKind.LOAD);
        ledger.acked(record);
        return record;
    }

    private TrackedRecord sentHostile(String id) {
        TrackedRecord record = ledger.register(Topics.IMAGES, id, RecordKind.HOSTILE);
        ledger.acked(record);
        return record;
    }

    private static HostileCase hostileCase(String name, String key, String acceptable) {
        return new HostileCase(name, name, new ProducerRecord<>(Topics.IMAGES, 0, key, new byte[10]), "f-" + key, 0,
                List.of(), Set.of(acceptable));
    }

    private static Map<String, Check> byName(List<Check> checks) {
        return checks.stream().collect(Collectors.toMap(Check::name, Function.identity()));
    }

    private static HarnessSettings settings() {
        return new HarnessSettings(Path.of("broker.jar"), Path.of("service.jar"), Path.of("models"), Path.of("work"),
                Path.of("report.json"), 4, Map.of(), "plaintext", "test", List.of(), Map.of(), 20, List.of(ScenarioName.values()),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(90), 200, 1024,
                null, 1000, 2, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofSeconds(5), false);
    }
}
