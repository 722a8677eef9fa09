package io.digitstream.inference.dashboard;

import io.digitstream.inference.metrics.TimeMath;
import io.digitstream.schemas.DigitPrediction;
import java.time.Instant;
import java.util.List;

/**
 * A recently predicted digit with its image and, once known, its true label.
 *
 * @param thumbnail  a {@code data:} URL of the scan; {@code null} when the image was not seen or too large
 * @param label      the true digit from {@code digits.labels}; {@code null} until it arrives (it may never)
 * @param endToEndMs capture to prediction, from the prediction's own timestamps as given: the view reads the topics
 *                   directly, so they may be anything the schema allows (years 0000 to 9999), and are shown as such
 */
public record RecentDigit(String id, Instant predictedAt, String thumbnail, Integer label, int digit,
        double confidence, boolean agreement, List<ModelVote> models, double endToEndMs) {

    static RecentDigit of(DigitPrediction prediction, String thumbnail, Integer label) {
        return new RecentDigit(prediction.id(), prediction.predictedAt(), thumbnail, label,
                prediction.ensemble().digit(), prediction.ensemble().confidence(), prediction.agreement(),
                ModelVote.of(prediction),
                TimeMath.millisBetween(prediction.capturedAt(), prediction.predictedAt()));
    }
}
