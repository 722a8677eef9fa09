package io.digitstream.inference.dashboard;

import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import java.time.Instant;
import java.util.List;

/** One item of the review queue as the dashboard lists it: the scan, why it needs a human, and what the models said. */
public record ReviewEntry(String id, ReviewReason reason, Instant flaggedAt, String thumbnail, int digit,
        double confidence, List<ModelVote> models) {

    static ReviewEntry of(ReviewItem item, String thumbnail) {
        return new ReviewEntry(item.id(), item.reason(), item.flaggedAt(), thumbnail,
                item.prediction().ensemble().digit(), item.prediction().ensemble().confidence(),
                ModelVote.of(item.prediction()));
    }
}
