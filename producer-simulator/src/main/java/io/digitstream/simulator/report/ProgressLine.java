package io.digitstream.simulator.report;

import java.util.Locale;

/** Once a second: totals so far, rates over the last interval, and end-to-end latency over the last interval. */
public final class ProgressLine {

    private final RunResults results;
    private final long startNanos;
    private long lastSent;
    private long lastPredicted;
    private long lastNanos;

    public ProgressLine(RunResults results, long startNanos) {
        this.results = results;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** The line for the interval ending at {@code nowNanos}; each call starts a new interval. */
    public String next(long nowNanos) {
        PredictionTracker tracker = results.tracker();
        long sent = tracker.sentCount();
        long predicted = tracker.predictedCount();
        long rejected = tracker.rejectedCount();
        double seconds = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
        LatencyStats latency = results.intervalLatency();
        String line = String.format(Locale.ROOT,
                "[%5.0fs] sent %d (%.0f/s)  predicted %d (%.0f/s)  in flight %d  rejected %d  dup %d"
                        + "  e2e p50 %s p99 %s",
                (nowNanos - startNanos) / 1e9,
                sent, (sent - lastSent) / seconds,
                predicted, (predicted - lastPredicted) / seconds,
                // From the same reads as the totals, so the line adds up even while sends race ahead.
                Math.max(0, sent - predicted - rejected), rejected, tracker.duplicateCount(),
                millis(latency, latency.p50()), millis(latency, latency.p99()));
        lastSent = sent;
        lastPredicted = predicted;
        lastNanos = nowNanos;
        return line;
    }

    private static String millis(LatencyStats latency, double value) {
        return latency.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1fms", value);
    }
}
