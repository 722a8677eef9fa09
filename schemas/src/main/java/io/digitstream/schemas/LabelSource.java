package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a {@link DigitLabel} came from: the system that knows the truth, or a person answering the review queue. */
public enum LabelSource {
    EXTERNAL("external"),
    REVIEW("review");

    private final String wireName;

    LabelSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static LabelSource fromWireName(String name) {
        return Arrays.stream(values()).filter(source -> source.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown label source '" + name + "', expected one of "
                        + Arrays.stream(values()).map(LabelSource::wireName).toList()));
    }
}
