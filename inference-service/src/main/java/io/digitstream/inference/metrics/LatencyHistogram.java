package io.digitstream.inference.metrics;

import io.digitstream.schemas.LatencySummary;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in a state store: an HdrHistogram of microseconds with two significant digits (every
 * percentile within 1 %), stored as its plain V2 encoding, so percentiles stay accurate without keeping every
 * sample.
 *
 * <p>Every prediction updates several store entries, each read and written back as bytes, so this encoding is the
 * hottest code of the metrics topology. Measured per update of an accumulator holding two of these
 * (docs/benchmarks.md): three significant digits in the compressed (deflate) encoding cost about 5x as much as two
 * digits in the plain encoding, for a precision dashboards cannot show. For the same reason the stored form is
 * decoded only when a sample is recorded or a summary is asked for (half of all updates are labelled outcomes, which
 * never touch the latencies) and re-encoded only if it changed.
 */
final class LatencyHistogram {

    private static final int SIGNIFICANT_DIGITS = 2;
    private static final double MICROS_PER_MILLI = 1000.0;

    /** The live histogram; {@code null} until the stored form is first needed. */
    private Histogram micros;
    /** The stored form; {@code null} once the histogram has changed since it was decoded. */
    private byte[] stored;

    LatencyHistogram() {
        // Auto-resizing: no latency is too large to record, and an empty histogram encodes to a few bytes.
        this.micros = new Histogram(SIGNIFICANT_DIGITS);
    }

    private LatencyHistogram(byte[] stored) {
        this.stored = stored;
    }

    /** Records one latency; a negative value (clock skew between hosts) counts as 0 rather than being lost. */
    void recordMillis(double millis) {
        histogram().recordValue(Math.max(0L, Math.round(millis * MICROS_PER_MILLI)));
        stored = null;
    }

    /** Adds every sample of {@code other} to this histogram. */
    void add(LatencyHistogram other) {
        histogram().add(other.histogram());
        stored = null;
    }

    long count() {
        return histogram().getTotalCount();
    }

    /** p50/p95/p99/max in milliseconds; all 0 when nothing was recorded (the contract of {@link LatencySummary}). */
    LatencySummary summary() {
        Histogram histogram = histogram();
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        return new LatencySummary(
                millisAtPercentile(histogram, 50), millisAtPercentile(histogram, 95), millisAtPercentile(histogram, 99),
                histogram.getMaxValue() / MICROS_PER_MILLI);
    }

    private static double millisAtPercentile(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / MICROS_PER_MILLI;
    }

    /** HdrHistogram's plain encoding, as kept in the state stores. */
    byte[] toBytes() {
        if (stored == null) {
            ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
            int length = micros.encodeIntoByteBuffer(buffer);
            stored = Arrays.copyOf(buffer.array(), length);
        }
        return stored;
    }

    /** Decoded only when a sample is recorded or a summary is asked for. */
    static LatencyHistogram fromBytes(byte[] stored) {
        return new LatencyHistogram(stored);
    }

    private Histogram histogram() {
        if (micros == null) {
            micros = decodeStored(stored);
            // Decoding fixes the range to what was recorded so far; later, slower samples must still fit.
            micros.setAutoResize(true);
        }
        return micros;
    }

    private static Histogram decodeStored(byte[] bytes) {
        try {
            return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("stored latency histogram is not an HdrHistogram encoding", e);
        }
    }
}
