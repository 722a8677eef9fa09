package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsTotalsIntervalRatesAndIntervalLatency() {
        RunResults results = new RunResults("sim-p", "test", T0, null, 0.9);
        ProgressLine progress = new ProgressLine(results, 0);
        for (int i = 0; i < 4; i++) {
            results.beforeSend("sim-p-" + i, T0, 1);
        }
        results.onPrediction(prediction("sim-p-0"), T0.plusMillis(10));
        results.onPrediction(prediction("sim-p-1"), T0.plusMillis(30));

        assertEquals("[    2s] sent 4 (2/s)  predicted 2 (1/s)  in flight 2  rejected 0  dup 0  e2e p50 10.0ms p99 30.0ms",
                progress.next(2 * SECOND));

        results.onPrediction(prediction("sim-p-1"), T0.plusMillis(40));
        results.onRejected("sim-p-2", "corrupt-image");
        assertEquals("[    3s] sent 4 (0/s)  predicted 2 (0/s)  in flight 1  rejected 1  dup 1  e2e p50 - p99 -",
                progress.next(3 * SECOND));
    }

    private static DigitPrediction prediction(String id) {
        List<Double> p = new ArrayList<>(List.of(0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        return new DigitPrediction(id, List.of(new ModelPrediction("mlp", "1", 1, 1.0, p, 0.1)),
                new EnsemblePrediction(1, 1.0, p), true, T0, T0, T0);
    }
}
