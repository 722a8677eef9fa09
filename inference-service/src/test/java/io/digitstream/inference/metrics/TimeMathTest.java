package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeMathTest {

    @Test
    void sumsAndDifferencesSaturateInsteadOfWrappingAround() {
        assertEquals(Long.MAX_VALUE, TimeMath.saturatedAdd(Long.MAX_VALUE - 5, 10));
        assertEquals(Long.MIN_VALUE, TimeMath.saturatedAdd(Long.MIN_VALUE + 5, -10));
        assertEquals(Long.MAX_VALUE, TimeMath.saturatedAdd(Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(-1, TimeMath.saturatedAdd(Long.MAX_VALUE, Long.MIN_VALUE), "opposite signs never overflow");
        assertEquals(15, TimeMath.saturatedAdd(5, 10));
        assertEquals(Long.MAX_VALUE, TimeMath.saturatedSubtract(Long.MAX_VALUE, -1));
        assertEquals(Long.MIN_VALUE, TimeMath.saturatedSubtract(Long.MIN_VALUE, 1));
        assertEquals(Long.MIN_VALUE, TimeMath.saturatedSubtract(-2, Long.MAX_VALUE));
        assertEquals(-5, TimeMath.saturatedSubtract(5, 10));
    }

    @Test
    void millisBetweenAnyTwoInstantsIsComputedWithoutOverflow() {
        Instant year0 = Instant.parse("0000-01-01T00:00:00Z");
        Instant year9999 = Instant.parse("9999-12-31T23:59:59.999Z");
        double span = (year9999.getEpochSecond() - year0.getEpochSecond()) * 1000.0 + 999;
        assertEquals(span, TimeMath.millisBetween(year0, year9999));
        assertEquals(-span, TimeMath.millisBetween(year9999, year0));
        assertEquals(6.3113904031622399e19, TimeMath.millisBetween(Instant.MIN, Instant.MAX), 1e5,
                "even from Instant.MIN to Instant.MAX, where Duration.toMillis() throws");
        assertEquals(1.5, TimeMath.millisBetween(Instant.EPOCH, Instant.EPOCH.plusNanos(1_500_000)), 1e-12);
        assertEquals(-0.25, TimeMath.millisBetween(Instant.ofEpochSecond(1, 250_000), Instant.ofEpochSecond(1)), 1e-12);
    }
}
