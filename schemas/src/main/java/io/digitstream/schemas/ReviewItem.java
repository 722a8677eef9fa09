package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An image or form field a human should look at, on {@link Topics#REVIEW}, keyed by its id. A single digit carries
 * its prediction, a field its reading (every digit's box and answers); either carries the scan itself or, for a scan
 * over the service's embedding limit, a reference to its original record, so a reviewer needs nothing else and the
 * review topic does not copy large scans.
 *
 * @param prediction a single digit's prediction; {@code null} (absent) for a field
 * @param field      a field's reading; {@code null} (absent) for a single digit
 * @param image      the digit's image event, or {@code null} (absent in JSON)
 * @param fieldImage the field's image event, or {@code null} (absent in JSON)
 * @param imageRef   where the scan is, or {@code null} (absent in JSON) when it is embedded
 */
public record ReviewItem(
        int schemaVersion, String id, ReviewReason reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) DigitPrediction prediction,
        @JsonInclude(JsonInclude.Include.NON_NULL) FieldReading field,
        @JsonInclude(JsonInclude.Include.NON_NULL) DigitImage image,
        @JsonInclude(JsonInclude.Include.NON_NULL) FieldImage fieldImage,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImageReference imageRef,
        Instant flaggedAt) {

    public ReviewItem {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(reason, "reason");
        if ((prediction == null) == (field == null)) {
            throw new IllegalArgumentException("a review item carries exactly one of prediction and field");
        }
        int scans = (image == null ? 0 : 1) + (fieldImage == null ? 0 : 1) + (imageRef == null ? 0 : 1);
        if (scans != 1) {
            throw new IllegalArgumentException("a review item carries exactly one of image, fieldImage and imageRef");
        }
        if (prediction != null && fieldImage != null || field != null && image != null) {
            throw new IllegalArgumentException("a prediction goes with an image, a field's reading with a fieldImage");
        }
        Require.present(flaggedAt, "flaggedAt");
        String answerId = prediction != null ? prediction.id() : field.id();
        String scanId = image != null ? image.id() : fieldImage != null ? fieldImage.id() : id;
        if (!id.equals(answerId) || !id.equals(scanId)) {
            throw new IllegalArgumentException("review id '" + id + "' must equal the prediction's or reading's id '"
                    + answerId + "' and the scan's id '" + scanId + "'");
        }
    }

    /** An item with the image embedded. */
    public ReviewItem(ReviewReason reason, DigitPrediction prediction, DigitImage image, Instant flaggedAt) {
        this(Require.SCHEMA_VERSION, prediction.id(), reason, prediction, null, image, null, null, flaggedAt);
    }

    /** An item that points at the image's original record instead of embedding it. */
    public ReviewItem(ReviewReason reason, DigitPrediction prediction, ImageReference imageRef, Instant flaggedAt) {
        this(Require.SCHEMA_VERSION, prediction.id(), reason, prediction, null, null, null, imageRef, flaggedAt);
    }

    /** A doubtful field with its scan embedded; the reason is its first doubt. */
    public static ReviewItem field(FieldReading reading, FieldImage fieldImage, Instant flaggedAt) {
        return new ReviewItem(Require.SCHEMA_VERSION, reading.id(), reasonOf(reading), null, reading, null, fieldImage,
                null, flaggedAt);
    }

    /** A doubtful field whose scan is referenced. */
    public static ReviewItem field(FieldReading reading, ImageReference imageRef, Instant flaggedAt) {
        return new ReviewItem(Require.SCHEMA_VERSION, reading.id(), reasonOf(reading), null, reading, null, null,
                imageRef, flaggedAt);
    }

    private static ReviewReason reasonOf(FieldReading reading) {
        if (reading.doubts().isEmpty()) {
            throw new IllegalArgumentException("field '" + reading.id() + "' has no doubt to review");
        }
        return ReviewReason.of(reading.doubts().get(0));
    }

    /** Whether this is a form field rather than a single digit. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isField() {
        return field != null;
    }
}
