package io.digitstream.inference.kafka;

import io.digitstream.schemas.DeadLetter;

/**
 * How large what the service writes may be.
 *
 * @param maxRecordBytes        the largest record the output producer may write (its {@code max.request.size}); dead
 *                              letters are cut to fit it
 * @param maxEmbeddedImageBytes the largest image event a review item embeds; a larger one is referenced by its
 *                              source record instead, so the review topic does not copy large scans
 */
public record OutputLimits(int maxRecordBytes, int maxEmbeddedImageBytes) {

    public OutputLimits {
        if (maxRecordBytes < DeadLetter.MIN_RECORD_BYTES || maxEmbeddedImageBytes < 0) {
            throw new IllegalArgumentException("output limits must allow a dead letter (" + DeadLetter.MIN_RECORD_BYTES
                    + " bytes) and a non-negative embedding limit: " + maxRecordBytes + ", " + maxEmbeddedImageBytes);
        }
    }
}
