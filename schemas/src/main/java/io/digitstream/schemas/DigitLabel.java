package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Ground truth for an image on {@link Topics#LABELS}, keyed by image id; may come before or after the prediction.
 *
 * @param source where the label came from; null (absent) means {@link LabelSource#EXTERNAL}
 */
public record DigitLabel(int schemaVersion, String id, int label, Instant labeledAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) LabelSource source) {

    public DigitLabel {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.inRange(label, 0, 9, "label");
        Require.present(labeledAt, "labeledAt");
    }

    public DigitLabel(int schemaVersion, String id, int label, Instant labeledAt) {
        this(schemaVersion, id, label, labeledAt, null);
    }

    public DigitLabel(String id, int label, Instant labeledAt) {
        this(Require.SCHEMA_VERSION, id, label, labeledAt, null);
    }

    public DigitLabel(String id, int label, Instant labeledAt, LabelSource source) {
        this(Require.SCHEMA_VERSION, id, label, labeledAt, source);
    }
}
