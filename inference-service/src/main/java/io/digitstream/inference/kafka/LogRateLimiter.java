package io.digitstream.inference.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code permits} log lines per {@code interval}: a flood of bad records must not flood the log (or fill the
 * disk) too. Counts what it suppressed so the next line that is written can say so.
 */
final class LogRateLimiter {

    private final int permits;
    private final Duration interval;
    private final Clock clock;
    private Instant windowStart;
    private int used;
    private long suppressed;
    private long lastSuppressed;

    LogRateLimiter(int permits, Duration interval, Clock clock) {
        this.permits = permits;
        this.interval = interval;
        this.clock = clock;
        this.windowStart = clock.instant();
    }

    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (!now.isBefore(windowStart.plus(interval))) {
            windowStart = now;
            used = 0;
        }
        if (used < permits) {
            used++;
            lastSuppressed = suppressed;
            suppressed = 0;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Appended to a line that was written: how many lines before it were suppressed. */
    synchronized String suppressedNote() {
        return lastSuppressed == 0 ? "" : " (" + lastSuppressed + " similar lines suppressed)";
    }
}
