package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why an image was sent to {@link Topics#REVIEW}. When both apply, the reason is {@link #LOW_CONFIDENCE}. */
public enum ReviewReason {
    /** The ensemble confidence is under the configured threshold. */
    LOW_CONFIDENCE("low-confidence"),
    /** The models do not all predict the same digit. */
    DISAGREEMENT("disagreement");

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
