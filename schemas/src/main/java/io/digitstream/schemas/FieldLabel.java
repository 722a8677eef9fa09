package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Ground truth for a form field on {@link Topics#FIELD_LABELS}, keyed by field id; may come before or after the
 * reading, or never.
 *
 * @param value  the digits the field holds, left to right
 * @param source where the label came from; null (absent) means {@link LabelSource#EXTERNAL}
 */
public record FieldLabel(int schemaVersion, String id, String value, Instant labeledAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) LabelSource source) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1," + FieldImage.MAX_DIGITS + "}");

    public FieldLabel {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(value, "value");
        if (!DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("value must be 1 to " + FieldImage.MAX_DIGITS + " digits 0-9 but was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
        Require.present(labeledAt, "labeledAt");
    }

    public FieldLabel(String id, String value, Instant labeledAt) {
        this(Require.SCHEMA_VERSION, id, value, labeledAt, null);
    }
}
