package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.schemas.EventJson;
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
        // HdrHistogram with three significant digits: within 0.1%.
        assertEquals(50, summary.p50(), 0.05);
        assertEquals(95, summary.p95(), 0.1);
        assertEquals(99, summary.p99(), 0.1);
        assertEquals(100, summary.max(), 0.1);
    }

    @Test
    void survivesTheCompressedEncodingAndKeepsGrowing() throws Exception {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMillis(2.5);
        histogram.recordMillis(-1);   // clock skew: recorded as 0, not lost
        String json = EventJson.mapper().writeValueAsString(histogram);
        LatencyHistogram restored = EventJson.mapper().readValue(json, LatencyHistogram.class);
        assertEquals(2, restored.count());
        assertEquals(2.5, restored.summary().max(), 0.003);

        // A sample far beyond anything recorded before the round trip must still fit.
        restored.recordMillis(600_000);
        assertEquals(600_000, restored.summary().max(), 600);
    }

    @Test
    void nothingRecordedSummarisesAsZeros() {
        assertEquals(new LatencySummary(0, 0, 0, 0), new LatencyHistogram().summary());
    }
}
