package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a person should check a {@link FieldReading}; a reading with any doubt also goes to {@link Topics#REVIEW}. */
public enum FieldDoubt {
    /** A digit's ensemble confidence is under the review threshold. */
    LOW_CONFIDENCE("low-confidence"),
    /** The models do not all read the same digit somewhere in the field. */
    DISAGREEMENT("disagreement"),
    /** The number of digits read contradicts the field's expected length or length range. */
    LENGTH_MISMATCH("length-mismatch"),
    /** The cut into digits had to guess: a split or merge the ink alone did not show. */
    SEGMENTATION_GUESSED("segmentation-guessed"),
    /** No digit was found in the field. */
    NO_DIGITS("no-digits");

    private final String wireName;

    FieldDoubt(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted spellings when {@code wireName} is not one of them */
    @JsonCreator
    public static FieldDoubt fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(value -> value.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field doubt '" + wireName + "', expected one of "
                        + Arrays.stream(values()).map(FieldDoubt::wireName).toList()));
    }
}
