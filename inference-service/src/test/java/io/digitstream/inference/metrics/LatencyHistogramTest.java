package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.LatencySummary;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfOneToAHundredMilliseconds() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.recordMillis(ms);
        }
        LatencySummary summary = histogram.summary();
        // HdrHistogram with two significant digits: within 1 %.
        assertEquals(50, summary.p50(), 0.5);
        assertEquals(95, summary.p95(), 0.95);
        assertEquals(99, summary.p99(), 0.99);
        assertEquals(100, summary.max(), 1.0);
    }

    @Test
    void survivesTheStoredEncodingAndKeepsGrowing() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMillis(2.5);
        histogram.recordMillis(-1);   // clock skew: recorded as 0, not lost
        LatencyHistogram restored = LatencyHistogram.fromBytes(histogram.toBytes());
        assertEquals(2, restored.count());
        assertEquals(2.5, restored.summary().max(), 0.025);

        // A sample far beyond anything recorded before the round trip must still fit.
        restored.recordMillis(600_000);
        assertEquals(600_000, restored.summary().max(), 6000);
    }

    @Test
    void refusesAStoredValueThatIsNoHistogram() {
        LatencyHistogram restored = LatencyHistogram.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        IllegalStateException refused = assertThrows(IllegalStateException.class, restored::count);
        assertTrue(refused.getMessage().contains("not an HdrHistogram"), refused.getMessage());
    }

    @Test
    void nothingRecordedSummarisesAsZeros() {
        assertEquals(new LatencySummary(0, 0, 0, 0), new LatencyHistogram().summary());
    }
}
