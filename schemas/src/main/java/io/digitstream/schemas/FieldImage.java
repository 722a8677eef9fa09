package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A form field with several handwritten digits side by side (a postcode, an amount, a date) on {@link Topics#FIELDS},
 * keyed by {@link #id()}. The image fields mean what they mean on {@link DigitImage}.
 *
 * @param expectedLength how many digits the field holds, when known; not together with {@code lengthRange}
 * @param lengthRange    the fewest and most digits it may hold, when known
 * @param charset        what the field may contain; {@code null} (absent) means {@link FieldCharset#DIGITS}
 */
public record FieldImage(
        int schemaVersion,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) FormRef form,
        Instant capturedAt,
        ImageEncoding encoding,
        int width,
        int height,
        String data,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer expectedLength,
        @JsonInclude(JsonInclude.Include.NON_NULL) LengthRange lengthRange,
        @JsonInclude(JsonInclude.Include.NON_NULL) FieldCharset charset) {

    /** The most digits one field may hold. */
    public static final int MAX_DIGITS = 32;

    public FieldImage {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(capturedAt, "capturedAt");
        Require.present(encoding, "encoding");
        Require.inRange(width, 1, DigitImage.MAX_SIDE, "width");
        Require.inRange(height, 1, DigitImage.MAX_SIDE, "height");
        Require.nonBlank(data, "data");
        if (expectedLength != null) {
            Require.inRange(expectedLength, 1, MAX_DIGITS, "expectedLength");
            if (lengthRange != null) {
                throw new IllegalArgumentException("give expectedLength or lengthRange, not both");
            }
        }
    }

    public FieldImage(String id, FormRef form, Instant capturedAt, ImageEncoding encoding, int width, int height,
            byte[] bytes, LengthRange length) {
        this(Require.SCHEMA_VERSION, id, form, capturedAt, encoding, width, height,
                Base64.getEncoder().encodeToString(bytes),
                length != null && length.min() == length.max() ? Integer.valueOf(length.min()) : null,
                length != null && length.min() != length.max() ? length : null, null);
    }

    /** The length hint, whichever way it was given: an expected length is a range of one. */
    @JsonIgnore
    public Optional<LengthRange> lengthHint() {
        if (expectedLength != null) {
            return Optional.of(LengthRange.exactly(expectedLength));
        }
        return Optional.ofNullable(lengthRange);
    }

    /** @throws IllegalArgumentException when {@link #data()} is not valid base64 */
    public byte[] decodeData() {
        return Base64.getDecoder().decode(data);
    }
}
