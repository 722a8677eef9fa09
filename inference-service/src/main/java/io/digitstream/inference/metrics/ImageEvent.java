package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;

/**
 * A prediction or a label for one image. Both inputs are merged into one stream of these so that a single
 * processor owns the join state and sees the two sides in arrival order.
 *
 * @param bytes the record value as it was read, so that a dead letter written further on carries the original
 */
record ImageEvent(DigitPrediction prediction, DigitLabel label, byte[] bytes) {

    static ImageEvent of(DigitPrediction prediction, byte[] bytes) {
        return new ImageEvent(prediction, null, bytes);
    }

    static ImageEvent of(DigitLabel label, byte[] bytes) {
        return new ImageEvent(null, label, bytes);
    }

    String imageId() {
        return prediction != null ? prediction.id() : label.id();
    }

    /** Event time: when the prediction was made, or when the label was given. */
    long eventTimeMs() {
        return prediction != null ? prediction.predictedAt().toEpochMilli() : label.labeledAt().toEpochMilli();
    }
}
