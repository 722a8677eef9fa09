package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Why an image or field was sent to {@link Topics#REVIEW}. When both apply, the reason is {@link #LOW_CONFIDENCE}; a
 * field's is the first of its {@link FieldDoubt}s, which its reading lists in full.
 */
public enum ReviewReason {
    /** The ensemble confidence (of a digit, or of one of a field's digits) is under the configured threshold. */
    LOW_CONFIDENCE("low-confidence"),
    /** The models do not all predict the same digit. */
    DISAGREEMENT("disagreement"),
    /** A field: the number of digits read contradicts its length hint. */
    LENGTH_MISMATCH("length-mismatch"),
    /** A field: the cut into digits had to guess. */
    SEGMENTATION_GUESSED("segmentation-guessed"),
    /** A field: no digit was found. */
    NO_DIGITS("no-digits");

    /** The review reason of a field with this doubt: the same spelling. */
    public static ReviewReason of(FieldDoubt doubt) {
        return fromWireName(doubt.wireName());
    }

    private final String wireName;

    ReviewReason(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted spellings when {@code wireName} is not one of them */
    @JsonCreator
    public static ReviewReason fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(value -> value.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown review reason '" + wireName + "', expected one of "
                        + Arrays.stream(values()).map(ReviewReason::wireName).toList()));
    }
}
