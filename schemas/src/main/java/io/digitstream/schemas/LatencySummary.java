package io.digitstream.schemas;

/** Percentiles of a latency distribution, in milliseconds; all 0 when nothing was measured. */
public record LatencySummary(double p50, double p95, double p99, double max) {

    public LatencySummary {
        Require.notNegative(p50, "p50");
        Require.notNegative(p95, "p95");
        Require.notNegative(p99, "p99");
        Require.notNegative(max, "max");
    }
}
