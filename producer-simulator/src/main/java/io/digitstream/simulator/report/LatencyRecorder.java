package io.digitstream.simulator.report;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies from the consumer thread while the progress thread reads per-interval and cumulative percentiles.
 * HdrHistogram's {@link Recorder} makes the recording side wait-free; reads are serialised here.
 */
public final class LatencyRecorder {

    /** Three significant digits keep percentiles within 0.1% of the true value. */
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram recycled;

    /** Records one latency; negative values (clock skew between hosts) count as 0, huge ones are capped. */
    public void record(Duration latency) {
        long micros = latency.isNegative() ? 0 : Math.min(HIGHEST_MICROS, latency.toNanos() / 1000);
        recorder.recordValue(micros);
    }

    /** Percentiles since the previous call to this method. */
    public synchronized LatencyStats interval() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        return LatencyStats.fromMicros(recycled);
    }

    /** Percentiles over everything recorded so far. */
    public synchronized LatencyStats total() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        return LatencyStats.fromMicros(total);
    }
}
