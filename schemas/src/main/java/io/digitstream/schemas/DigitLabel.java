package io.digitstream.schemas;

import java.time.Instant;

/** Ground truth for an image on {@link Topics#LABELS}, keyed by image id; may come before or after the prediction. */
public record DigitLabel(int schemaVersion, String id, int label, Instant labeledAt) {

    public DigitLabel {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.inRange(label, 0, 9, "label");
        Require.present(labeledAt, "labeledAt");
    }

    public DigitLabel(String id, int label, Instant labeledAt) {
        this(Require.SCHEMA_VERSION, id, label, labeledAt);
    }
}
