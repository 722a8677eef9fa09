package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A person's answer to a review item, on {@link Topics#REVIEW_ANSWERS}, keyed by image (or field) id: the digit the
 * scan shows, a field's digits ({@code value}), or that it shows none. It keeps the whole review item (the scan or its reference, and what the models said), so the
 * answer stays with its scan: the trainer learns from these ({@code --from-topic}) without looking anything up. A digit
 * answer is also published as a {@link DigitLabel} ({@link LabelSource#REVIEW}), so the live metrics count it.
 *
 * @param digit     the digit the scan shows; null (absent) when {@code notADigit}
 * @param value     a field's digits, left to right; null (absent) unless the item is a field's
 * @param notADigit the scan shows no digit (a smudge, a letter, a cut-off box), or the field no readable value
 * @param reviewer  who answered: the authenticated user name, or {@code anonymous} when HTTP authentication is off
 */
public record ReviewAnswer(
        int schemaVersion,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer digit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String value,
        boolean notADigit,
        String reviewer,
        Instant answeredAt,
        ReviewItem item) {

    public ReviewAnswer {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        if ((digit != null ? 1 : 0) + (value != null ? 1 : 0) + (notADigit ? 1 : 0) != 1) {
            throw new IllegalArgumentException("an answer is a digit, a field's value or notADigit, exactly one of them");
        }
        if (digit != null) {
            Require.inRange(digit, 0, 9, "digit");
        }
        if (value != null && !value.matches("[0-9]{1," + FieldImage.MAX_DIGITS + "}")) {
            throw new IllegalArgumentException("value must be 1 to " + FieldImage.MAX_DIGITS + " digits 0-9");
        }
        Require.text(reviewer, "reviewer", 128);
        Require.present(answeredAt, "answeredAt");
        Require.present(item, "item");
        if (digit != null && item.isField() || value != null && !item.isField()) {
            throw new IllegalArgumentException("a digit answers a single digit's item, a value a field's");
        }
        if (!id.equals(item.id())) {
            throw new IllegalArgumentException("answer id '" + id + "' must equal its review item's id '" + item.id() + "'");
        }
    }

    public static ReviewAnswer digit(int digit, String reviewer, Instant answeredAt, ReviewItem item) {
        return new ReviewAnswer(Require.SCHEMA_VERSION, item.id(), digit, null, false, reviewer, answeredAt, item);
    }

    /** A field's digits as the reviewer reads them. */
    public static ReviewAnswer value(String value, String reviewer, Instant answeredAt, ReviewItem item) {
        return new ReviewAnswer(Require.SCHEMA_VERSION, item.id(), null, value, false, reviewer, answeredAt, item);
    }

    public static ReviewAnswer notADigit(String reviewer, Instant answeredAt, ReviewItem item) {
        return new ReviewAnswer(Require.SCHEMA_VERSION, item.id(), null, null, true, reviewer, answeredAt, item);
    }

    /** The label this answer gives, for {@link Topics#LABELS}; null for a field or a scan that shows no digit. */
    public DigitLabel label() {
        return digit == null ? null : new DigitLabel(id, digit, answeredAt, LabelSource.REVIEW);
    }

    /** The field label this answer gives, for {@link Topics#FIELD_LABELS}; null unless it answers a field's value. */
    public FieldLabel fieldLabel() {
        return value == null ? null : new FieldLabel(Require.SCHEMA_VERSION, id, value, answeredAt, LabelSource.REVIEW);
    }
}
