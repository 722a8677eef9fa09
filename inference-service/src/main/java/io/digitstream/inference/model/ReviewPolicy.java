package io.digitstream.inference.model;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ReviewReason;
import java.util.Optional;

/** Which predictions a human should check: low ensemble confidence first (it covers both), then disagreement. */
public final class ReviewPolicy {

    private final double confidenceThreshold;

    public ReviewPolicy(double confidenceThreshold) {
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("review confidence threshold must be in [0, 1] but was " + confidenceThreshold);
        }
        this.confidenceThreshold = confidenceThreshold;
    }

    public Optional<ReviewReason> reviewReason(DigitPrediction prediction) {
        if (prediction.ensemble().confidence() < confidenceThreshold) {
            return Optional.of(ReviewReason.LOW_CONFIDENCE);
        }
        return prediction.agreement() ? Optional.empty() : Optional.of(ReviewReason.DISAGREEMENT);
    }
}
