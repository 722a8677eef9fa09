package io.digitstream.inference.dashboard;

import io.digitstream.inference.metrics.TimeMath;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldReading;
import java.time.Instant;
import java.util.List;

/**
 * A recently read form field with its scan, a box around every digit read and, once known, its true string.
 *
 * @param thumbnail  a {@code data:} URL of the scan; {@code null} when the scan was not seen or too large
 * @param label      the true digits from {@code digits.field-labels}; {@code null} until they arrive (they may never)
 * @param boxes      one {x, y, width, height} per digit read, in the scan's pixels
 * @param endToEndMs capture to reading, from the reading's own timestamps as given
 */
public record RecentField(String id, Instant readAt, String thumbnail, String label, String value, double confidence,
        List<FieldDoubt> doubts, List<int[]> boxes, List<ModelVote.FieldVote> models, double endToEndMs) {

    static RecentField of(FieldReading reading, String thumbnail, String label) {
        return new RecentField(reading.id(), reading.readAt(), thumbnail, label, reading.value(), reading.confidence(),
                reading.doubts(), boxes(reading), ModelVote.of(reading),
                TimeMath.millisBetween(reading.capturedAt(), reading.readAt()));
    }

    /** Every digit's box as {x, y, width, height}, the form the dashboard draws. */
    static List<int[]> boxes(FieldReading reading) {
        return reading.digits().stream()
                .map(digit -> new int[] {digit.box().x(), digit.box().y(), digit.box().width(), digit.box().height()})
                .toList();
    }
}
