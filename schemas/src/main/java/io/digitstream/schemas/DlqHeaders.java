package io.digitstream.schemas;

/**
 * Header names on {@link Topics#DLQ} records. The record value is the rejected record's original bytes, untouched,
 * so it can be replayed once the cause is fixed; everything known about the rejection travels in these headers
 * (UTF-8 strings). {@link DeadLetter} is the one place that writes them.
 */
public final class DlqHeaders {

    /** Machine-readable reason code, one of {@link DlqReason#code()}. */
    public static final String REASON = "dlq.reason";
    /** Human-readable explanation, e.g. the schema violations or the decoder's error. */
    public static final String DETAIL = "dlq.detail";
    /** Topic the rejected record was consumed from. */
    public static final String TOPIC = "dlq.topic";
    /** Partition the rejected record was consumed from (decimal). */
    public static final String PARTITION = "dlq.partition";
    /** Offset of the rejected record in that partition (decimal). */
    public static final String OFFSET = "dlq.offset";

    /** Optional headers, present only when the dead letter could not carry the whole original record. */
    public static final class Truncation {

        /** What was cut to make the dead letter fit: a comma-separated list of {@code key}, {@code headers}, {@code value}. */
        public static final String TRUNCATED = "dlq.truncated";
        /** Size in bytes of the original value (decimal). */
        public static final String ORIGINAL_SIZE = "dlq.original.size";
        /** SHA-256 of the original value, lower-case hex, to find or verify the original record. */
        public static final String ORIGINAL_SHA256 = "dlq.original.sha256";

        private Truncation() {
        }
    }

    private DlqHeaders() {
    }
}
