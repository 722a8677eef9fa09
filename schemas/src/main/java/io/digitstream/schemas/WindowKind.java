package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The time span a {@link ModelMetrics} event summarises. */
public enum WindowKind {
    /** A sliding window of the most recent events (length configured in the metrics topology). */
    ROLLING("rolling"),
    /** Everything since the metrics topology started. */
    CUMULATIVE("cumulative");

    private final String wireName;

    WindowKind(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted spellings when {@code wireName} is not one of them */
    @JsonCreator
    public static WindowKind fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(value -> value.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown window kind '" + wireName + "', expected one of "
                        + Arrays.stream(values()).map(WindowKind::wireName).toList()));
    }
}
