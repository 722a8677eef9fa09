package io.digitstream.simulator.report;

import io.digitstream.simulator.load.RateSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Splits a ramp run into its rate steps: sends and latencies are attributed to the step an image was sent in,
 * received predictions to the step they arrived in. A service past saturation returns predictions slower than the
 * step sends them, which is how {@link #saturationRate} finds the point.
 */
public final class RampTracker {

    private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

    private final RateSchedule.Ramp ramp;
    private final Instant start;
    private final int steps;
    private final AtomicLongArray sent;
    private final AtomicLongArray received;
    private final Histogram[] latencies;
    private volatile Instant sendEnd = Instant.MAX;

    public RampTracker(RateSchedule.Ramp ramp, Instant start) {
        this.ramp = ramp;
        this.start = start;
        this.steps = ramp.stepCount();
        this.sent = new AtomicLongArray(steps);
        this.received = new AtomicLongArray(steps);
        this.latencies = new Histogram[steps];
        for (int i = 0; i < steps; i++) {
            latencies[i] = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        }
    }

    public void onSent(Instant sentAt) {
        sent.incrementAndGet(stepAt(sentAt));
    }

    public void onPredicted(Instant sentAt, Instant receivedAt) {
        long micros = Math.max(0, Math.min(HIGHEST_MICROS, Duration.between(sentAt, receivedAt).toNanos() / 1000));
        latencies[stepAt(sentAt)].recordValue(micros);
        // Predictions that catch up after sending stopped would flatter the last step's rate.
        if (receivedAt.isBefore(sendEnd)) {
            received.incrementAndGet(stepAt(receivedAt));
        }
    }

    /** Closes the last step's window. */
    public void sendingEnded(Instant at) {
        sendEnd = at;
    }

    /** Per-step figures, once {@link #sendingEnded} has been called. */
    public List<RampStepReport> report() {
        List<RampStepReport> rows = new ArrayList<>();
        long interval = ramp.interval().toNanos();
        long total = Math.max(1, Duration.between(start, sendEnd).toNanos());
        for (int i = 0; i < steps; i++) {
            long from = i * interval;
            if (from >= total) {
                break;
            }
            long to = i == steps - 1 ? total : Math.min(total, from + interval);
            double seconds = (to - from) / 1e9;
            rows.add(new RampStepReport(
                    i + 1,
                    ramp.rateAt(from),
                    sent.get(i),
                    sent.get(i) / seconds,
                    received.get(i) / seconds,
                    LatencyStats.fromMicros(latencies[i])));
        }
        return rows;
    }

    /** Target rate of the first step the service did not keep up with, or null if it kept up throughout. */
    public static Double saturationRate(List<RampStepReport> rows, double keepUpRatio) {
        return rows.stream()
                .filter(row -> !row.keptUp(keepUpRatio))
                .map(RampStepReport::targetRate)
                .findFirst()
                .orElse(null);
    }

    private int stepAt(Instant at) {
        long elapsed = Duration.between(start, at).toNanos();
        return (int) Math.min(steps - 1, ramp.stepIndex(elapsed));
    }
}
