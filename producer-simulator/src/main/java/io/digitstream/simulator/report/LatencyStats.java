package io.digitstream.simulator.report;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, taken from a histogram recorded in microseconds. */
public record LatencyStats(long count, double p50, double p95, double p99, double max, double mean) {

    private static final double MICROS_PER_MILLI = 1000.0;

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0);

    public static LatencyStats fromMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyStats(
                micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(95)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()),
                micros.getMean() / MICROS_PER_MILLI);
    }

    private static double millis(long micros) {
        return micros / MICROS_PER_MILLI;
    }
}
