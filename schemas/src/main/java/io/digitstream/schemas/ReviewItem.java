package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An image a human should look at, on {@link Topics#REVIEW}, keyed by image id. It carries the prediction and either
 * the image itself or, for an image over the service's embedding limit, a reference to its original record, so a
 * reviewer needs nothing else and the review topic does not copy large scans.
 *
 * @param image    the image event, or {@code null} (absent in JSON) when {@code imageRef} is given
 * @param imageRef where the image is, or {@code null} (absent in JSON) when it is embedded
 */
public record ReviewItem(
        int schemaVersion, String id, ReviewReason reason, DigitPrediction prediction,
        @JsonInclude(JsonInclude.Include.NON_NULL) DigitImage image,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImageReference imageRef,
        Instant flaggedAt) {

    public ReviewItem {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(reason, "reason");
        Require.present(prediction, "prediction");
        if ((image == null) == (imageRef == null)) {
            throw new IllegalArgumentException("a review item carries exactly one of image and imageRef");
        }
        Require.present(flaggedAt, "flaggedAt");
        if (!id.equals(prediction.id()) || (image != null && !id.equals(image.id()))) {
            throw new IllegalArgumentException("review id '" + id + "' must equal the prediction id '"
                    + prediction.id() + "' and the image id '" + (image == null ? id : image.id()) + "'");
        }
    }

    /** An item with the image embedded. */
    public ReviewItem(ReviewReason reason, DigitPrediction prediction, DigitImage image, Instant flaggedAt) {
        this(Require.SCHEMA_VERSION, prediction.id(), reason, prediction, image, null, flaggedAt);
    }

    /** An item that points at the image's original record instead of embedding it. */
    public ReviewItem(ReviewReason reason, DigitPrediction prediction, ImageReference imageRef, Instant flaggedAt) {
        this(Require.SCHEMA_VERSION, prediction.id(), reason, prediction, null, imageRef, flaggedAt);
    }
}
