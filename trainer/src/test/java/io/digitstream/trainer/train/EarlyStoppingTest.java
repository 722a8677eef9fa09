package io.digitstream.trainer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    @Test
    void comparesWithTheBestEpochNotThePreviousOne() {
        EarlyStopping stopping = new EarlyStopping(2);
        assertTrue(stopping.record(0, 1.0));
        assertTrue(stopping.record(1, 0.5));
        assertFalse(stopping.record(2, 0.7));
        // Better than the previous epoch (0.7) but not than the best (0.5): still no improvement.
        assertFalse(stopping.record(3, 0.6));
        assertTrue(stopping.shouldStop());
        assertEquals(1, stopping.bestEpoch());
        assertEquals(0.5, stopping.bestLoss());
    }

    @Test
    void aNewBestResetsThePatience() {
        EarlyStopping stopping = new EarlyStopping(2);
        stopping.record(0, 1.0);
        stopping.record(1, 1.1);
        assertFalse(stopping.shouldStop());
        assertTrue(stopping.record(2, 0.9));
        stopping.record(3, 0.95);
        assertFalse(stopping.shouldStop());
        assertEquals(2, stopping.bestEpoch());
    }

    @Test
    void notANumberNeverCountsAsImprovement() {
        EarlyStopping stopping = new EarlyStopping(1);
        assertFalse(stopping.record(0, Double.NaN));
        assertTrue(stopping.shouldStop());
        assertEquals(-1, stopping.bestEpoch());
    }
}
