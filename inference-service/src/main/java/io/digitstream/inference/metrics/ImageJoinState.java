package io.digitstream.inference.metrics;

import java.util.Map;

/**
 * What the join remembers about one image until it expires: the digit each model predicted (once the prediction
 * has been seen) and the label (once it has been seen). Remembering both sides also makes repeats recognisable.
 *
 * @param predictedDigits model name (and {@code ensemble}) to predicted digit; {@code null} until predicted
 * @param expiresAtMs     stream time at which the entry is dropped (first sighting plus the dedup retention)
 */
record ImageJoinState(
        Map<String, Integer> predictedDigits,
        Long predictedAtMs,
        Integer label,
        Long labeledAtMs,
        long expiresAtMs) {

    static ImageJoinState firstSeenAt(long eventTimeMs, long retentionMs) {
        return new ImageJoinState(null, null, null, null, TimeMath.saturatedAdd(eventTimeMs, retentionMs));
    }

    boolean predicted() {
        return predictedDigits != null;
    }

    boolean labelled() {
        return label != null;
    }

    ImageJoinState withPrediction(Map<String, Integer> digits, long atMs) {
        return new ImageJoinState(digits, atMs, label, labeledAtMs, expiresAtMs);
    }

    ImageJoinState withLabel(int digit, long atMs) {
        return new ImageJoinState(predictedDigits, predictedAtMs, digit, atMs, expiresAtMs);
    }
}
