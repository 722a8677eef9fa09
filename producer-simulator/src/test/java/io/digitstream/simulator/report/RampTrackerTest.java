package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.digitstream.simulator.load.RateSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RampTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final RateSchedule.Ramp ramp = new RateSchedule.Ramp(10, 30, 10, Duration.ofSeconds(1));

    @Test
    void findsTheFirstStepWhosePredictionsFallBehind() {
        RampTracker tracker = new RampTracker(ramp, T0);
        // Steps 1 and 2: every image predicted 40 ms later. Step 3: 30 sent, only 15 predicted within the step.
        sendAndPredict(tracker, 0, 10, 10, 40);
        sendAndPredict(tracker, 1000, 20, 20, 40);
        sendAndPredict(tracker, 2000, 30, 15, 40);
        tracker.sendingEnded(T0.plusSeconds(3));
        // Predictions that catch up after sending stopped do not count towards the last step's rate.
        tracker.onPredicted(T0.plusMillis(2950), T0.plusMillis(3500));

        List<RampStepReport> steps = tracker.report();

        assertEquals(3, steps.size());
        assertEquals(List.of(10.0, 20.0, 30.0), steps.stream().map(RampStepReport::targetRate).toList());
        assertEquals(List.of(10L, 20L, 30L), steps.stream().map(RampStepReport::sent).toList());
        assertEquals(20.0, steps.get(1).sendRate(), 1e-9);
        assertEquals(20.0, steps.get(1).predictionRate(), 1e-9);
        assertEquals(30.0, steps.get(2).sendRate(), 1e-9);
        assertEquals(15.0, steps.get(2).predictionRate(), 1e-9);
        assertEquals(40.0, steps.get(0).endToEndLatencyMs().p99(), 0.05);
        assertEquals(30.0, RampTracker.saturationRate(steps, 0.9));
    }

    @Test
    void aPredictionIsCountedInTheStepItArrivesIn() {
        RampTracker tracker = new RampTracker(ramp, T0);
        tracker.onSent(T0.plusMillis(990));
        tracker.onPredicted(T0.plusMillis(990), T0.plusMillis(1010));
        tracker.sendingEnded(T0.plusSeconds(3));

        List<RampStepReport> steps = tracker.report();

        assertEquals(1, steps.get(0).sent());
        assertEquals(0.0, steps.get(0).predictionRate());
        assertEquals(1.0, steps.get(1).predictionRate(), 1e-9);
    }

    @Test
    void noSaturationWhenEveryStepKeepsUp() {
        RampTracker tracker = new RampTracker(ramp, T0);
        sendAndPredict(tracker, 0, 10, 10, 5);
        sendAndPredict(tracker, 1000, 20, 20, 5);
        sendAndPredict(tracker, 2000, 30, 30, 5);
        tracker.sendingEnded(T0.plusSeconds(3));

        assertNull(RampTracker.saturationRate(tracker.report(), 0.9));
    }

    @Test
    void aRunStoppedEarlyReportsOnlyTheStepsItReached() {
        RampTracker tracker = new RampTracker(ramp, T0);
        sendAndPredict(tracker, 0, 10, 10, 5);
        tracker.sendingEnded(T0.plusMillis(1500));

        List<RampStepReport> steps = tracker.report();

        assertEquals(2, steps.size());
        assertEquals(0.0, steps.get(1).sendRate());
    }

    /** {@code sent} images spread evenly over the second starting at {@code startMillis}. */
    private static void sendAndPredict(RampTracker tracker, long startMillis, int sent, int predicted,
            long latencyMillis) {
        long gap = 1000 / sent;
        for (int i = 0; i < sent; i++) {
            Instant sentAt = T0.plusMillis(startMillis + i * gap);
            tracker.onSent(sentAt);
            if (i < predicted) {
                tracker.onPredicted(sentAt, sentAt.plusMillis(latencyMillis));
            }
        }
    }
}
