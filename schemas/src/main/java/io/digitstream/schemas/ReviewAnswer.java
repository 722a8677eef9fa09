package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A person's answer to a review item, on {@link Topics#REVIEW_ANSWERS}, keyed by image id: the digit the scan shows, or
 * that it shows none. It keeps the whole review item (the scan or its reference, and what the models said), so the
 * answer stays with its scan: the trainer learns from these ({@code --from-topic}) without looking anything up. A digit
 * answer is also published as a {@link DigitLabel} ({@link LabelSource#REVIEW}), so the live metrics count it.
 *
 * @param digit     the digit the scan shows; null (absent) when {@code notADigit}
 * @param notADigit the scan shows no digit (a smudge, a letter, a cut-off box)
 * @param reviewer  who answered: the authenticated user name, or {@code anonymous} when HTTP authentication is off
 */
public record ReviewAnswer(
        int schemaVersion,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer digit,
        boolean notADigit,
        String reviewer,
        Instant answeredAt,
        ReviewItem item) {

    public ReviewAnswer {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        if (notADigit == (digit != null)) {
            throw new IllegalArgumentException("an answer is either a digit or notADigit, exactly one of them");
        }
        if (digit != null) {
            Require.inRange(digit, 0, 9, "digit");
        }
        Require.text(reviewer, "reviewer", 128);
        Require.present(answeredAt, "answeredAt");
        Require.present(item, "item");
        if (!id.equals(item.id())) {
            throw new IllegalArgumentException("answer id '" + id + "' must equal its review item's id '" + item.id() + "'");
        }
    }

    public static ReviewAnswer digit(int digit, String reviewer, Instant answeredAt, ReviewItem item) {
        return new ReviewAnswer(Require.SCHEMA_VERSION, item.id(), digit, false, reviewer, answeredAt, item);
    }

    public static ReviewAnswer notADigit(String reviewer, Instant answeredAt, ReviewItem item) {
        return new ReviewAnswer(Require.SCHEMA_VERSION, item.id(), null, true, reviewer, answeredAt, item);
    }

    /** The label this answer gives, for {@link Topics#LABELS}; null for a scan that shows no digit. */
    public DigitLabel label() {
        return digit == null ? null : new DigitLabel(id, digit, answeredAt, LabelSource.REVIEW);
    }
}
