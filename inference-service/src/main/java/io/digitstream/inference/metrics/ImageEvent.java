package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;

/**
 * A prediction or a label for one image. Both inputs are merged into one stream of these so that a single
 * processor owns the join state and sees the two sides in arrival order.
 */
record ImageEvent(DigitPrediction prediction, DigitLabel label) {

    static ImageEvent of(DigitPrediction prediction) {
        return new ImageEvent(prediction, null);
    }

    static ImageEvent of(DigitLabel label) {
        return new ImageEvent(null, label);
    }

    String imageId() {
        return prediction != null ? prediction.id() : label.id();
    }

    /** Event time: when the prediction was made, or when the label was given. */
    long eventTimeMs() {
        return prediction != null ? prediction.predictedAt().toEpochMilli() : label.labeledAt().toEpochMilli();
    }
}
