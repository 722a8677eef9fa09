package io.digitstream.simulator.report;

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
