package io.digitstream.simulator.source;

import io.digitstream.schemas.ImageEncoding;

/**
 * One image a source produces, with its truth: a single digit's bytes go on {@code digits.images} and its label on
 * {@code digits.labels}; a form field's go on {@code digits.fields} and its true string on
 * {@code digits.field-labels}. The truth also goes into the accuracy figures.
 *
 * @param origin     where the image came from (test-set index, file path), for error messages and logs
 * @param label      a single digit's label, 0..9; -1 for a field
 * @param fieldValue a field's true digits, left to right; null for a single digit
 */
public record SourceImage(String origin, ImageEncoding encoding, int width, int height, byte[] data, int label,
        String fieldValue) {

    public SourceImage {
        if (fieldValue == null && (label < 0 || label > 9)) {
            throw new IllegalArgumentException(origin + ": label must be a digit 0..9, got " + label);
        }
        if (fieldValue != null && (label != -1 || !fieldValue.matches("[0-9]{1,32}"))) {
            throw new IllegalArgumentException(origin + ": a field's value must be 1 to 32 digits (and its label -1),"
                    + " got '" + fieldValue + "'");
        }
        if (encoding == ImageEncoding.RAW && data.length != width * height) {
            throw new IllegalArgumentException(origin + ": raw image has " + data.length + " bytes, expected "
                    + width + "x" + height);
        }
    }

    /** A single digit. */
    public SourceImage(String origin, ImageEncoding encoding, int width, int height, byte[] data, int label) {
        this(origin, encoding, width, height, data, label, null);
    }

    /** A form field of several digits. */
    public static SourceImage field(String origin, ImageEncoding encoding, int width, int height, byte[] data,
            String value) {
        return new SourceImage(origin, encoding, width, height, data, -1, value);
    }

    public boolean isField() {
        return fieldValue != null;
    }
}
