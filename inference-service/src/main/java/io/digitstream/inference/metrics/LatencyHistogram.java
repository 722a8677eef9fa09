package io.digitstream.inference.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.digitstream.schemas.LatencySummary;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in a state store: an HdrHistogram of microseconds, stored as its compressed encoding
 * (base64 in JSON), so percentiles stay exact to three significant digits without keeping every sample.
 */
final class LatencyHistogram {

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double MICROS_PER_MILLI = 1000.0;

    private final Histogram micros;

    LatencyHistogram() {
        // Auto-resizing: no latency is too large to record, and an empty histogram encodes to a few bytes.
        this(new Histogram(SIGNIFICANT_DIGITS));
    }

    private LatencyHistogram(Histogram micros) {
        this.micros = micros;
    }

    /** Records one latency; a negative value (clock skew between hosts) counts as 0 rather than being lost. */
    void recordMillis(double millis) {
        micros.recordValue(Math.max(0L, Math.round(millis * MICROS_PER_MILLI)));
    }

    long count() {
        return micros.getTotalCount();
    }

    /** p50/p95/p99/max in milliseconds; all 0 when nothing was recorded (the contract of {@link LatencySummary}). */
    LatencySummary summary() {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        return new LatencySummary(
                millisAtPercentile(50), millisAtPercentile(95), millisAtPercentile(99),
                micros.getMaxValue() / MICROS_PER_MILLI);
    }

    private double millisAtPercentile(double percentile) {
        return micros.getValueAtPercentile(percentile) / MICROS_PER_MILLI;
    }

    @JsonValue
    String encoded() {
        ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
        int length = micros.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LatencyHistogram decode(String encoded) {
        try {
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
            // Decoding fixes the range to what was recorded so far; later, slower samples must still fit.
            histogram.setAutoResize(true);
            return new LatencyHistogram(histogram);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("stored latency histogram is not a compressed HdrHistogram", e);
        }
    }
}
