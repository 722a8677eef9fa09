package io.digitstream.schemas;

import java.util.Arrays;

/** Why a record went to {@link Topics#DLQ}; the {@link #code()} is the value of the {@link DlqHeaders#REASON} header. */
public enum DlqReason {
    /** The value is not UTF-8 JSON. */
    INVALID_JSON("invalid-json"),
    /** The JSON does not match the topic's schema. */
    SCHEMA_VIOLATION("schema-violation"),
    /** The value is larger than the configured payload limit. */
    PAYLOAD_TOO_LARGE("payload-too-large"),
    /** The declared or actual image dimensions exceed the configured limit (checked before decoding). */
    IMAGE_TOO_LARGE("image-too-large"),
    /** The data does not match the declared encoding or size, e.g. a raw image with the wrong byte count. */
    WRONG_SIZE("wrong-size"),
    /** The image bytes (or their base64) cannot be decoded, or end before the image does. */
    CORRUPT_IMAGE("corrupt-image"),
    /** An event time lies outside the plausibility window around the time the record was written. */
    IMPLAUSIBLE_TIME("implausible-time"),
    /** The record is valid as far as can be told, but processing it failed alone, after bounded retries. */
    PROCESSING_FAILED("processing-failed");

    private final String code;

    DlqReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException naming the accepted codes when {@code code} is not one of them */
    public static DlqReason fromCode(String code) {
        return Arrays.stream(values())
                .filter(reason -> reason.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown DLQ reason '" + code + "', expected one of " + Arrays.toString(codes())));
    }

    private static String[] codes() {
        return Arrays.stream(values()).map(DlqReason::code).toArray(String[]::new);
    }
}
