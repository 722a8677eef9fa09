package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ReviewReason;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReviewPolicyTest {

    private final ReviewPolicy policy = new ReviewPolicy(0.8);

    @Test
    void confidentUnanimousPredictionNeedsNoReview() {
        assertEquals(Optional.empty(), policy.reviewReason(prediction(0.95, true)));
    }

    @Test
    void confidenceUnderTheThresholdIsLowConfidence() {
        assertEquals(Optional.of(ReviewReason.LOW_CONFIDENCE), policy.reviewReason(prediction(0.79, true)));
    }

    @Test
    void disagreementWithHighConfidenceIsDisagreement() {
        assertEquals(Optional.of(ReviewReason.DISAGREEMENT), policy.reviewReason(prediction(0.9, false)));
    }

    @Test
    void bothConditionsAreReportedAsLowConfidence() {
        assertEquals(Optional.of(ReviewReason.LOW_CONFIDENCE), policy.reviewReason(prediction(0.5, false)));
    }

    private static DigitPrediction prediction(double confidence, boolean agreement) {
        List<Double> probabilities = new java.util.ArrayList<>(Collections.nCopies(10, (1 - confidence) / 9));
        probabilities.set(4, confidence);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        ModelPrediction model = new ModelPrediction("cnn", "1", 4, confidence, probabilities, 0.2);
        return new DigitPrediction("img-1", new java.util.ArrayList<>(List.of(model)), new EnsemblePrediction(4, confidence, probabilities),
                agreement, now, now, now);
    }
}
