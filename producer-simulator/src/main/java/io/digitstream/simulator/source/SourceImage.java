package io.digitstream.simulator.source;

import io.digitstream.schemas.ImageEncoding;

/**
 * One image a source produces, with its true label: the bytes go on {@code digits.images}, the label on
 * {@code digits.labels} and into the accuracy figures.
 *
 * @param origin where the image came from (test-set index, file path), for error messages and logs
 */
public record SourceImage(String origin, ImageEncoding encoding, int width, int height, byte[] data, int label) {

    public SourceImage {
        if (label < 0 || label > 9) {
            throw new IllegalArgumentException(origin + ": label must be a digit 0..9, got " + label);
        }
        if (encoding == ImageEncoding.RAW && data.length != width * height) {
            throw new IllegalArgumentException(origin + ": raw image has " + data.length + " bytes, expected "
                    + width + "x" + height);
        }
    }
}
