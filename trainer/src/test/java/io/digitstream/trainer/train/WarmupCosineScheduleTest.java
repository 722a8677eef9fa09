package io.digitstream.trainer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmupCosineScheduleTest {

    private static final float BASE = 0.001f;
    private static final float DELTA = 1e-9f;

    @Test
    void warmUpRisesLinearlyToTheBaseRate() {
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(BASE, 2, 10, 0.01f);
        assertEquals(BASE / 3, schedule.rate(0), DELTA);
        assertEquals(2 * BASE / 3, schedule.rate(1), DELTA);
        assertEquals(BASE, schedule.rate(2), DELTA);
    }

    @Test
    void cosineDecayFollowsTheFormulaAfterWarmUp() {
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(BASE, 2, 10, 0.01f);
        double floor = BASE * 0.01;
        // Epoch 6 is half-way through the 8 decay epochs: cos(pi/2) = 0, so the rate is mid-way to the floor.
        assertEquals(floor + (BASE - floor) * 0.5, schedule.rate(6), 1e-9);
        // Last epoch, 7/8 of the way: floor + (base - floor) * (1 + cos(7 pi / 8)) / 2.
        assertEquals(floor + (BASE - floor) * 0.5 * (1 + Math.cos(Math.PI * 7 / 8)), schedule.rate(9), 1e-9);
    }

    @Test
    void decayIsMonotoneAndNeverBelowTheFloor() {
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(BASE, 1, 20, 0.05f);
        for (int epoch = 1; epoch < 25; epoch++) {
            assertTrue(schedule.rate(epoch + 1) <= schedule.rate(epoch), "epoch " + epoch);
            assertTrue(schedule.rate(epoch) >= BASE * 0.05f - DELTA, "epoch " + epoch);
        }
    }

    @Test
    void withoutWarmUpTheFirstEpochUsesTheBaseRate() {
        assertEquals(BASE, new WarmupCosineSchedule(BASE, 0, 5, 0f).rate(0), DELTA);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosineSchedule(0f, 1, 5, 0f));
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosineSchedule(BASE, 1, 0, 0f));
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosineSchedule(BASE, 1, 5, 1.5f));
    }

    @Test
    void theTrackerHandsDjlTheEpochRateForEveryUpdate() {
        EpochLearningRate tracker = new EpochLearningRate(0.5f);
        assertEquals(0.5f, tracker.getNewValue(1));
        tracker.set(0.25f);
        assertEquals(0.25f, tracker.getNewValue(1));
        assertEquals(0.25f, tracker.getNewValue(10_000));
    }
}
