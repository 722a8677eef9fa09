package io.digitstream.inference.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the join remembers about one image or form field until it expires: what each model predicted or read (once
 * seen) and the label or true string (once seen). Remembering both sides also makes repeats recognisable. An image
 * uses {@code predictedDigits} and {@code label}, a field {@code readValues} and {@code trueValue}; state stored
 * before fields existed simply lacks the last two.
 *
 * @param predictedDigits series key ({@link MetricSeries}) to predicted digit; {@code null} until predicted
 * @param readValues      series key to the digits that model read; {@code null} until read
 * @param expiresAtMs     stream time at which the entry is dropped (first sighting plus the dedup retention)
 */
record ImageJoinState(
        Map<String, Integer> predictedDigits,
        Long predictedAtMs,
        Integer label,
        Long labeledAtMs,
        long expiresAtMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> readValues,
        @JsonInclude(JsonInclude.Include.NON_NULL) String trueValue) {

    static ImageJoinState firstSeenAt(long eventTimeMs, long retentionMs) {
        return new ImageJoinState(null, null, null, null, TimeMath.saturatedAdd(eventTimeMs, retentionMs), null, null);
    }

    boolean predicted() {
        return predictedDigits != null || readValues != null;
    }

    boolean labelled() {
        return label != null || trueValue != null;
    }

    ImageJoinState withPrediction(Map<String, Integer> digits, long atMs) {
        return new ImageJoinState(digits, atMs, label, labeledAtMs, expiresAtMs, readValues, trueValue);
    }

    ImageJoinState withLabel(int digit, long atMs) {
        return new ImageJoinState(predictedDigits, predictedAtMs, digit, atMs, expiresAtMs, readValues, trueValue);
    }

    ImageJoinState withReading(Map<String, String> values, long atMs) {
        return new ImageJoinState(predictedDigits, atMs, label, labeledAtMs, expiresAtMs, values, trueValue);
    }

    ImageJoinState withTrueValue(String value, long atMs) {
        return new ImageJoinState(predictedDigits, predictedAtMs, label, atMs, expiresAtMs, readValues, value);
    }
}
