package io.digitstream.inference.metrics;

import java.time.Instant;

/**
 * Arithmetic on event times that cannot overflow. Event times are checked against the plausibility window before
 * the topology uses them ({@link InputDecoder}), but the dashboard shows events straight from the topics, and a store
 * restored from an older version may hold anything: so sums saturate instead of wrapping around, and differences of
 * instants are taken in floating point instead of through {@code Duration.toNanos} or {@code toMillis}, which throw
 * beyond about 292 years.
 */
public final class TimeMath {

    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final double NANOS_PER_MILLI = 1e6;

    private TimeMath() {
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} where the sum would wrap around. */
    public static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow happened iff both operands have the same sign and the sum's sign differs from it.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** {@code a - b}, saturated like {@link #saturatedAdd}. */
    public static long saturatedSubtract(long a, long b) {
        long difference = a - b;
        // Overflow happened iff the operands have different signs and the difference's sign differs from a's.
        if (((a ^ b) & (a ^ difference)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return difference;
    }

    /**
     * Milliseconds from {@code from} to {@code to} (negative when {@code to} is earlier), for any two instants: the
     * epoch seconds of two instants differ by less than 2^56, so their difference is exact in a long.
     */
    public static double millisBetween(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        int nanos = to.getNano() - from.getNano();
        return seconds * MILLIS_PER_SECOND + nanos / NANOS_PER_MILLI;
    }
}
