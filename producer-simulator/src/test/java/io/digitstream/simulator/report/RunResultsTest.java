package io.digitstream.simulator.report;

import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final RunResults results = new RunResults("sim-test", "hand-made", T0, null, 0.9);

    @Test
    void theReportCountsLossDuplicatesAndScoresEachModel() throws Exception {
        results.beforeSend("sim-test-0", T0, 3);
        results.beforeSend("sim-test-1", T0.plusMillis(100), 5);
        results.beforeSend("sim-test-2", T0.plusMillis(200), 7);
        results.beforeSend("sim-test-3", T0.plusMillis(300), 1);
        results.labelPublished();
        results.labelPublished();
        results.sendingEnded(T0.plusMillis(400));

        // mlp right on 0 and 1, wrong on 2; cnn right on all three; the ensemble follows cnn.
        results.onPrediction(prediction("sim-test-0", 3, 3, 3), T0.plusMillis(10));
        results.onPrediction(prediction("sim-test-1", 5, 5, 5), T0.plusMillis(120));
        results.onPrediction(prediction("sim-test-2", 1, 7, 7), T0.plusMillis(230));
        results.onPrediction(prediction("sim-test-2", 1, 7, 7), T0.plusMillis(240));
        results.onPrediction(prediction("other-run-9", 0, 0, 0), T0.plusMillis(250));
        results.malformedPrediction();

        SimulationReport report = results.report(T0.plusSeconds(1));

        assertEquals(4, report.sent());
        assertEquals(3, report.predicted());
        assertEquals(1, report.lost());
        assertEquals(List.of("sim-test-3"), report.lostIds());
        assertEquals(1, report.duplicated());
        assertEquals(1, report.unrelated());
        assertEquals(1, report.malformed());
        assertEquals(2, report.labelsPublished());
        assertFalse(report.successful());

        assertEquals(3, report.endToEndLatencyMs().count());
        assertEquals(20.0, report.endToEndLatencyMs().p50(), 0.02);
        assertEquals(30.0, report.endToEndLatencyMs().max(), 0.03);
        assertEquals(0.4, report.sendSeconds(), 1e-9);
        assertEquals(10.0, report.sendRatePerSecond(), 1e-9);
        // 3 predictions between the first send (T0) and the last first prediction (T0 + 230 ms).
        assertEquals(3 / 0.23, report.throughputPerSecond(), 1e-9);

        assertEquals(List.of("cnn", "mlp"), List.copyOf(report.models().keySet()));
        assertEquals(2.0 / 3, report.models().get("mlp").accuracy(), 1e-12);
        assertEquals(1.0, report.models().get("cnn").accuracy(), 1e-12);
        assertEquals(1.0, report.ensemble().accuracy(), 1e-12);
        // Each prediction puts 0.8 on its digit and 0.2 on the next: the ensemble always had 0.8 on the truth.
        assertEquals(-Math.log(0.8), report.ensemble().meanLogLoss(), 1e-12);
        assertEquals(3, report.ensemble().labelled());
        assertTrue(report.ramp().isEmpty());
        assertNull(report.saturationRate());

        JsonNode json = EventJson.mapper().readTree(ReportJson.toJson(report));
        assertEquals(1, json.get("lost").asInt());
        assertEquals("2026-01-01T00:00:01Z", json.get("finishedAt").asText());
        assertEquals(1.0, json.at("/models/cnn/accuracy").asDouble());
        assertFalse(json.get("successful").asBoolean());
    }

    @Test
    void fieldsAreScoredWholePerModelAndForTheEnsembleAndDigitByDigitWhenTheLengthIsRight() throws Exception {
        results.beforeSendField("f-0", T0, "123");
        results.beforeSendField("f-1", T0.plusMillis(10), "45");
        results.beforeSendField("f-2", T0.plusMillis(20), "678");
        results.sendingEnded(T0.plusMillis(30));
        // f-0: ensemble right, mlp wrong on the last digit; f-1: read as three digits; f-2 never answered.
        results.onFieldReading(reading("f-0", new int[][] {{1, 1}, {2, 2}, {3, 9}}, List.of()), T0.plusMillis(50));
        results.onFieldReading(reading("f-1", new int[][] {{4, 4}, {1, 1}, {5, 5}},
                List.of(FieldDoubt.LOW_CONFIDENCE)), T0.plusMillis(60));
        results.onFieldReading(reading("f-1", new int[][] {{4, 4}}, List.of()), T0.plusMillis(70));

        SimulationReport report = results.report(T0.plusSeconds(1));

        assertEquals(3, report.sent());
        assertEquals(2, report.predicted());
        assertEquals(1, report.lost());
        assertEquals(1, report.duplicated());
        FieldsReport fields = report.fields();
        assertEquals(new FieldQuality(2, 0.5, 3 / 5.0, 0.5), fields.ensemble());
        assertEquals(new FieldQuality(2, 0.5, 3 / 5.0, 0.5), fields.models().get("cnn"));
        assertEquals(new FieldQuality(2, 0.0, 2 / 5.0, 0.5), fields.models().get("mlp"));
        assertEquals(1, fields.doubtful());
        // Only f-0 was read at its length: its three digits are scored like single predictions.
        assertEquals(3, report.ensemble().labelled());
        assertEquals(2 / 3.0, report.models().get("mlp").accuracy(), 1e-12);
        assertTrue(ReportText.format(report).contains("fields"));
        assertTrue(ReportJson.toJson(report).contains("\"exactMatch\""));
    }

    @Test
    void aDigitRunHasNoFieldsSection() throws Exception {
        results.beforeSend("sim-test-0", T0, 3);
        results.onPrediction(prediction("sim-test-0", 3, 3, 3), T0.plusMillis(10));
        SimulationReport report = results.report(T0.plusSeconds(1));
        assertEquals(null, report.fields());
        assertFalse(ReportJson.toJson(report).contains("\"fields\""));
    }

    /** A reading whose digit i the ensemble and cnn read as digits[i][0] and mlp as digits[i][1]. */
    private static FieldReading reading(String id, int[][] digits, List<FieldDoubt> doubts) {
        List<FieldDigit> read = new java.util.ArrayList<>();
        for (int i = 0; i < digits.length; i++) {
            read.add(new FieldDigit(new DigitBox(10 * i, 0, 8, 20),
                    new EnsemblePrediction(digits[i][0], 0.9, peaked(digits[i][0])),
                    List.of(new ModelPrediction("mlp", "v1", digits[i][1], 0.9, peaked(digits[i][1]), 0.1),
                            new ModelPrediction("cnn", "v1", digits[i][0], 0.9, peaked(digits[i][0]), 0.1)),
                    digits[i][0] == digits[i][1]));
        }
        return new FieldReading(id, null, read, new FieldSegmentation(false, false), doubts, T0, T0, T0.plusMillis(5),
                "v1");
    }

    @Test
    void aRunWithEveryImagePredictedSucceeds() {
        results.beforeSend("sim-test-0", T0, 3);
        results.onPrediction(prediction("sim-test-0", 3, 3, 3), T0.plusMillis(5));

        SimulationReport report = results.report(T0.plusSeconds(1));

        assertTrue(report.successful());
        assertEquals(0, report.lost());
        assertTrue(ReportText.format(report).contains("result        OK"));
    }

    @Test
    void aRunThatStoppedEarlyIsNotSuccessfulEvenWithNothingLost() throws Exception {
        results.beforeSend("sim-test-0", T0, 3);
        results.onPrediction(prediction("sim-test-0", 3, 3, 3), T0.plusMillis(5));
        results.sendingStoppedEarly("stop requested");
        results.sendingStoppedEarly("the producer failed: later reasons are ignored");

        SimulationReport report = results.report(T0.plusSeconds(1));

        assertEquals(0, report.lost());
        assertFalse(report.successful());
        assertEquals("stop requested", report.stoppedEarly());
        assertEquals("stop requested", EventJson.mapper().readTree(ReportJson.toJson(report)).get("stoppedEarly").asText());
        assertTrue(ReportText.format(report).contains("STOPPED EARLY stop requested"));
    }

    private static DigitPrediction prediction(String id, int mlpDigit, int cnnDigit, int ensembleDigit) {
        Instant predictedAt = T0.plusMillis(1);
        return new DigitPrediction(id,
                List.of(new ModelPrediction("mlp", "1", mlpDigit, 0.8, peaked(mlpDigit), 0.1),
                        new ModelPrediction("cnn", "1", cnnDigit, 0.8, peaked(cnnDigit), 0.2)),
                new EnsemblePrediction(ensembleDigit, 0.8, peaked(ensembleDigit)),
                mlpDigit == cnnDigit, T0, T0, predictedAt);
    }

    private static List<Double> peaked(int digit) {
        List<Double> p = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        p.set(digit, 0.8);
        p.set((digit + 1) % 10, 0.2);
        return p;
    }
}
