package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a form field may contain, a hint on {@link FieldImage}. The models read digits only. */
public enum FieldCharset {
    /** Only the digits 0-9; also what an absent charset means. */
    DIGITS("digits");

    private final String wireName;

    FieldCharset(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted spellings when {@code wireName} is not one of them */
    @JsonCreator
    public static FieldCharset fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(value -> value.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field charset '" + wireName + "', expected one of "
                        + Arrays.stream(values()).map(FieldCharset::wireName).toList()));
    }
}
