package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How {@link DigitImage#data()} is encoded, before base64. */
public enum ImageEncoding {
    /** width*height unsigned bytes, row-major, MNIST polarity (ink high, background 0). */
    RAW("raw"),
    /** A PNG file of any size and polarity; the service preprocesses it the MNIST way. */
    PNG("png"),
    /** A JPEG file of any size and polarity; the service preprocesses it the MNIST way. */
    JPEG("jpeg");

    private final String wireName;

    ImageEncoding(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted spellings when {@code wireName} is not one of them */
    @JsonCreator
    public static ImageEncoding fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(value -> value.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown image encoding '" + wireName + "', expected one of "
                        + Arrays.stream(values()).map(ImageEncoding::wireName).toList()));
    }
}
