package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Base64;

/**
 * A scanned or generated digit on {@link Topics#IMAGES}, keyed by {@link #id()}.
 *
 * @param form     the form and field the digit was cut from; {@code null} (and absent in JSON) when unknown
 * @param data     the image bytes in base64; for {@link ImageEncoding#RAW} exactly width*height bytes
 */
public record DigitImage(
        int schemaVersion,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) FormRef form,
        Instant capturedAt,
        ImageEncoding encoding,
        int width,
        int height,
        String data) {

    /** Largest width or height the contract allows; the service may enforce a smaller limit. */
    public static final int MAX_SIDE = 4096;

    public DigitImage {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(capturedAt, "capturedAt");
        Require.present(encoding, "encoding");
        Require.inRange(width, 1, MAX_SIDE, "width");
        Require.inRange(height, 1, MAX_SIDE, "height");
        Require.nonBlank(data, "data");
    }

    public DigitImage(String id, FormRef form, Instant capturedAt, ImageEncoding encoding, int width, int height,
            byte[] bytes) {
        this(Require.SCHEMA_VERSION, id, form, capturedAt, encoding, width, height,
                Base64.getEncoder().encodeToString(bytes));
    }

    /** @throws IllegalArgumentException when {@link #data()} is not valid base64 */
    public byte[] decodeData() {
        return Base64.getDecoder().decode(data);
    }
}
