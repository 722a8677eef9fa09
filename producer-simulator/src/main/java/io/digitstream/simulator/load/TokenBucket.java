package io.digitstream.simulator.load;

/**
 * A token bucket that paces sends to a target rate.
 *
 * <p>Tokens refill continuously at {@code ratePerSecond}; the bucket holds at most {@code burst} seconds' worth (and
 * never less than one token), so a sender that falls behind catches up by at most that much instead of flooding the
 * broker. Not thread-safe: one sender thread owns it.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final NanoClock clock;
    private final double burstSeconds;
    private double ratePerSecond;
    private double tokens;
    private long lastRefill;

    public TokenBucket(NanoClock clock, double ratePerSecond, double burstSeconds) {
        if (burstSeconds < 0) {
            throw new IllegalArgumentException("burst must be >= 0 seconds, got " + burstSeconds);
        }
        this.clock = clock;
        this.burstSeconds = burstSeconds;
        this.lastRefill = clock.nanoTime();
        setRate(ratePerSecond);
        // The first message may go immediately.
        this.tokens = 1;
    }

    public double rate() {
        return ratePerSecond;
    }

    /** Changes the rate; tokens earned at the old rate are kept (up to the new capacity). */
    public void setRate(double newRatePerSecond) {
        if (!(newRatePerSecond > 0) || Double.isInfinite(newRatePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of messages/s, got " + newRatePerSecond);
        }
        refill();
        this.ratePerSecond = newRatePerSecond;
        this.tokens = Math.min(tokens, capacity());
    }

    public double capacity() {
        return Math.max(1.0, ratePerSecond * burstSeconds);
    }

    /** Takes one token if available now. */
    public boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until one token will be available (0 if one is available now). */
    public long nanosUntilAvailable() {
        refill();
        if (tokens >= 1) {
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerSecond * NANOS_PER_SECOND);
    }

    private void refill() {
        long now = clock.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity(), tokens + elapsed * ratePerSecond / NANOS_PER_SECOND);
            lastRefill = now;
        }
    }
}
