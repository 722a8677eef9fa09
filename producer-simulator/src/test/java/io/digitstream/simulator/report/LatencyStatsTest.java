package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesOfOneToOneHundredMilliseconds() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1000L);
        }

        LatencyStats stats = LatencyStats.fromMicros(micros);

        assertEquals(100, stats.count());
        // HdrHistogram with 3 significant digits is exact to within 0.1%.
        assertEquals(50.0, stats.p50(), 0.05);
        assertEquals(95.0, stats.p95(), 0.1);
        assertEquals(99.0, stats.p99(), 0.1);
        assertEquals(100.0, stats.max(), 0.1);
        assertEquals(50.5, stats.mean(), 0.05);
    }

    @Test
    void anEmptyHistogramGivesZeros() {
        assertEquals(LatencyStats.EMPTY, LatencyStats.fromMicros(new Histogram(1000, 3)));
    }

    @Test
    void theRecorderSplitsIntervalsAndKeepsTheTotal() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(Duration.ofMillis(10));
        recorder.record(Duration.ofMillis(20));

        LatencyStats first = recorder.interval();
        recorder.record(Duration.ofMillis(300));
        LatencyStats second = recorder.interval();
        recorder.record(Duration.ofMillis(-5));

        assertEquals(2, first.count());
        assertEquals(20.0, first.max(), 0.02);
        assertEquals(1, second.count());
        assertEquals(300.0, second.p50(), 0.3);
        LatencyStats total = recorder.total();
        assertEquals(4, total.count());
        assertEquals(0.0, recorder.interval().max(), "the total drained the last interval");
        assertEquals(300.0, total.max(), 0.3);
    }
}
