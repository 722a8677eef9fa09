package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldReading;

/**
 * A prediction or a label for one image, or a reading or a true string for one form field: exactly one of the four
 * is set. All inputs are merged into one stream of these so that a single processor owns the join state and sees the
 * two sides of each image or field in arrival order.
 *
 * @param bytes the record value as it was read, so that a dead letter written further on carries the original
 */
record ImageEvent(DigitPrediction prediction, DigitLabel label, FieldReading fieldReading, FieldLabel fieldLabel,
        byte[] bytes) {

    /**
     * Prefixes a field's id in the join state: '/' is not allowed in ids, so a field never meets an image that
     * happens to have the same id.
     */
    static final String FIELD_JOIN_PREFIX = "field/";

    static ImageEvent of(DigitPrediction prediction, byte[] bytes) {
        return new ImageEvent(prediction, null, null, null, bytes);
    }

    static ImageEvent of(DigitLabel label, byte[] bytes) {
        return new ImageEvent(null, label, null, null, bytes);
    }

    static ImageEvent of(FieldReading reading, byte[] bytes) {
        return new ImageEvent(null, null, reading, null, bytes);
    }

    static ImageEvent of(FieldLabel label, byte[] bytes) {
        return new ImageEvent(null, null, null, label, bytes);
    }

    /** The event's own id, which must be its record key. */
    String id() {
        if (prediction != null) {
            return prediction.id();
        }
        if (label != null) {
            return label.id();
        }
        return fieldReading != null ? fieldReading.id() : fieldLabel.id();
    }

    /** The key of the join state: the image id, or the prefixed field id. */
    String joinKey() {
        return isField() ? FIELD_JOIN_PREFIX + id() : id();
    }

    boolean isField() {
        return fieldReading != null || fieldLabel != null;
    }

    /** Event time: when the prediction was made or the field read, or when the label was given. */
    long eventTimeMs() {
        if (prediction != null) {
            return prediction.predictedAt().toEpochMilli();
        }
        if (label != null) {
            return label.labeledAt().toEpochMilli();
        }
        return fieldReading != null ? fieldReading.readAt().toEpochMilli() : fieldLabel.labeledAt().toEpochMilli();
    }
}
