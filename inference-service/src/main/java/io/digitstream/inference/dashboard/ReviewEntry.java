package io.digitstream.inference.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import java.time.Instant;
import java.util.List;

/**
 * One item of the review queue as the dashboard lists it: the scan, why it needs a human, and what the models said.
 * A single digit has {@code digit} and {@code models}; a form field has {@code value} (the ensemble's reading), its
 * {@code doubts}, every digit's {@code boxes} ({x, y, width, height} in the scan's pixels) and {@code fieldModels}.
 */
public record ReviewEntry(String id, ReviewReason reason, Instant flaggedAt, String thumbnail, Integer digit,
        double confidence, List<ModelVote> models,
        @JsonInclude(JsonInclude.Include.NON_NULL) String value,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<FieldDoubt> doubts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<int[]> boxes,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ModelVote.FieldVote> fieldModels) {

    static ReviewEntry of(ReviewItem item, String thumbnail) {
        if (item.isField()) {
            FieldReading reading = item.field();
            return new ReviewEntry(item.id(), item.reason(), item.flaggedAt(), thumbnail, null, reading.confidence(),
                    List.of(), reading.value(), reading.doubts(),
                    RecentField.boxes(reading), ModelVote.of(reading));
        }
        return new ReviewEntry(item.id(), item.reason(), item.flaggedAt(), thumbnail,
                item.prediction().ensemble().digit(), item.prediction().ensemble().confidence(),
                ModelVote.of(item.prediction()), null, null, null, null);
    }
}
