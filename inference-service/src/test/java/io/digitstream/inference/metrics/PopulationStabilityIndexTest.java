package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

    private final PopulationStabilityIndex uniform = new PopulationStabilityIndex(Collections.nCopies(10, 1L));

    @Test
    void theBaselineDistributionItselfHasNoDrift() {
        assertEquals(0.0, uniform.of(new long[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7}), 1e-12);
    }

    @Test
    void everythingOnOneDigitIsAMajorShift() {
        // (1 - 0.1) ln(1 / 0.1) for digit 0, plus 9 * (1e-4 - 0.1) ln(1e-4 / 0.1) for the digits floored at 1e-4.
        double expected = 0.9 * Math.log(10) + 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertEquals(8.283089355, expected, 1e-9);
        assertEquals(expected, uniform.of(new long[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 1e-12);
    }

    @Test
    void twoDigitsSharingEverything() {
        // 2 * (0.5 - 0.1) ln(0.5 / 0.1) + 8 * (1e-4 - 0.1) ln(1e-4 / 0.1)
        assertEquals(6.808228349, uniform.of(new long[] {3, 3, 0, 0, 0, 0, 0, 0, 0, 0}), 1e-9);
    }

    @Test
    void nothingObservedHasNoIndex() {
        assertNull(uniform.of(new long[10]));
    }

    @Test
    void aBaselineNeedsTenPositiveCounts() {
        assertThrows(IllegalArgumentException.class, () -> new PopulationStabilityIndex(List.of(1L, 2L)));
        assertThrows(IllegalArgumentException.class,
                () -> new PopulationStabilityIndex(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 0L)));
    }
}
