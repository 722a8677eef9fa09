package io.digitstream.inference.logging;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Lines about hostile or failing records, at most one per interval: a flood of bad records must not become a flood of
 * log lines (each with a stack trace) that costs more than the records themselves. A line that is let through says
 * how many were held back since the last one; the Prometheus counters count every record.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextAllowedNanos;
    private boolean loggedOnce;
    private long suppressed;

    public RateLimitedLog(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    public RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoTime) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Logs {@code message} (with {@code cause}, which may be {@code null}) unless a line was logged too recently. */
    public void warn(String message, Throwable cause) {
        log(Logger.Level.WARN, message, cause);
    }

    /** Like {@link #warn}, at error level. */
    public void error(String message, Throwable cause) {
        log(Logger.Level.ERROR, message, cause);
    }

    private synchronized void log(Logger.Level level, String message, Throwable cause) {
        long now = nanoTime.getAsLong();
        if (loggedOnce && now - nextAllowedNanos < 0) {
            suppressed++;
            return;
        }
        String line = suppressed == 0 ? message
                : message + " (" + suppressed + " similar warnings suppressed since the last one)";
        logger.log(level, line, cause);
        loggedOnce = true;
        suppressed = 0;
        nextAllowedNanos = now + intervalNanos;
    }
}
