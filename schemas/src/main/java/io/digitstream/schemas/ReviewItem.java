package io.digitstream.schemas;

import java.time.Instant;

/**
 * An image a human should look at, on {@link Topics#REVIEW}, keyed by image id. It carries both the prediction and
 * the image so a reviewer needs nothing else.
 */
public record ReviewItem(
        int schemaVersion, String id, ReviewReason reason, DigitPrediction prediction, DigitImage image,
        Instant flaggedAt) {

    public ReviewItem {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(reason, "reason");
        Require.present(prediction, "prediction");
        Require.present(image, "image");
        Require.present(flaggedAt, "flaggedAt");
        if (!id.equals(prediction.id()) || !id.equals(image.id())) {
            throw new IllegalArgumentException("review id '" + id + "' must equal the prediction id '"
                    + prediction.id() + "' and the image id '" + image.id() + "'");
        }
    }

    public ReviewItem(ReviewReason reason, DigitPrediction prediction, DigitImage image, Instant flaggedAt) {
        this(Require.SCHEMA_VERSION, prediction.id(), reason, prediction, image, flaggedAt);
    }
}
