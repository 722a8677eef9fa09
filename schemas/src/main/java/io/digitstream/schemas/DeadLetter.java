package io.digitstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * A {@link Topics#DLQ} record: the rejected record's key, value and headers plus the {@link DlqHeaders}, built so it
 * always fits in {@code maxRecordBytes} (the producer's {@code max.request.size}, at most the topic's
 * {@code max.message.bytes}). A dead letter that cannot be written would abort its batch again and again, so nothing
 * here may grow without bound: the detail is capped at {@link #MAX_DETAIL_CHARS}, an over-long key is replaced by its
 * hash, and when the original record does not fit, its headers and then the tail of its value are cut, with
 * {@link DlqHeaders.Truncation} headers naming what was cut and the original value's size and SHA-256.
 */
public record DeadLetter(String key, byte[] value, Headers headers) {

    /** The schema's limit on {@link DlqHeaders#DETAIL}. */
    public static final int MAX_DETAIL_CHARS = 8192;
    /** Keys longer than this (UTF-8 bytes) are replaced by {@code sha256:<hex>}; event ids are far shorter. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The smallest record budget that always holds the DLQ headers with a capped detail. */
    public static final int MIN_RECORD_BYTES = 64 * 1024;

    private static final String CUT_MARK = " [... %d more characters cut]";

    /** Where the rejected record was read. */
    public record Source(String topic, int partition, long offset) {
    }

    /** @throws IllegalArgumentException when {@code maxRecordBytes} is under {@link #MIN_RECORD_BYTES} */
    public static DeadLetter of(Source source, String key, byte[] value, Headers originalHeaders, DlqReason reason,
            String detail, int maxRecordBytes) {
        if (maxRecordBytes < MIN_RECORD_BYTES) {
            throw new IllegalArgumentException("a dead letter needs a record budget of at least " + MIN_RECORD_BYTES
                    + " bytes, got " + maxRecordBytes);
        }
        List<String> truncated = new ArrayList<>();
        String dlqKey = key;
        if (key != null && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            dlqKey = "sha256:" + sha256(key.getBytes(StandardCharsets.UTF_8));
            truncated.add("key");
        }
        List<Header> dlqHeaders = List.of(
                header(DlqHeaders.REASON, reason.code()),
                header(DlqHeaders.DETAIL, cappedDetail(detail)),
                header(DlqHeaders.TOPIC, source.topic()),
                header(DlqHeaders.PARTITION, Integer.toString(source.partition())),
                header(DlqHeaders.OFFSET, Long.toString(source.offset())));
        Header[] original = originalHeaders == null ? new Header[0] : originalHeaders.toArray();

        Header[] whole = concat(original, dlqHeaders);
        if (truncated.isEmpty() && sizeInBytes(dlqKey, value, whole) <= maxRecordBytes) {
            return new DeadLetter(dlqKey, value, new RecordHeaders(whole));
        }
        // From here on the letter says what it lost: the original headers go first (metadata), the value's tail last.
        Header[] kept = original;
        Header[] headers = withTruncation(kept, dlqHeaders, truncated, value);
        if (sizeInBytes(dlqKey, value, headers) > maxRecordBytes && original.length > 0) {
            truncated.add("headers");
            kept = new Header[0];
            headers = withTruncation(kept, dlqHeaders, truncated, value);
        }
        if (value == null || sizeInBytes(dlqKey, value, headers) <= maxRecordBytes) {
            return new DeadLetter(dlqKey, value, new RecordHeaders(headers));
        }
        truncated.add("value");
        headers = withTruncation(kept, dlqHeaders, truncated, value);
        int room = maxRecordBytes - sizeInBytes(dlqKey, new byte[0], headers);
        // The value's length prefix is a varint: up to 5 bytes more than an empty value's.
        byte[] prefix = Arrays.copyOf(value, Math.max(0, Math.min(value.length, room - 5)));
        return new DeadLetter(dlqKey, prefix, new RecordHeaders(headers));
    }

    /** The detail as written: blank becomes a placeholder, and over {@link #MAX_DETAIL_CHARS} it is cut and says so. */
    public static String cappedDetail(String detail) {
        if (detail == null || detail.isBlank()) {
            return "(no detail)";
        }
        if (detail.length() <= MAX_DETAIL_CHARS) {
            return detail;
        }
        // The mark's own length depends on the count it prints; reserve room for the longest count.
        int keep = MAX_DETAIL_CHARS - String.format(CUT_MARK, detail.length()).length();
        if (Character.isHighSurrogate(detail.charAt(keep - 1))) {
            keep--;
        }
        return detail.substring(0, keep) + String.format(CUT_MARK, detail.length() - keep);
    }

    /** The upper bound Kafka's producer checks against {@code max.request.size} for a record on its own. */
    public static int sizeInBytes(String key, byte[] value, Header[] headers) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                keyBytes, value, headers);
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Header[] withTruncation(Header[] kept, List<Header> dlqHeaders, List<String> truncated,
            byte[] value) {
        List<Header> headers = new ArrayList<>(dlqHeaders);
        headers.add(header(DlqHeaders.Truncation.TRUNCATED, String.join(",", truncated)));
        if (value != null) {
            headers.add(header(DlqHeaders.Truncation.ORIGINAL_SIZE, Integer.toString(value.length)));
            headers.add(header(DlqHeaders.Truncation.ORIGINAL_SHA256, sha256(value)));
        }
        return concat(kept, headers);
    }

    private static Header[] concat(Header[] first, List<Header> second) {
        Header[] all = Arrays.copyOf(first, first.length + second.size());
        for (int i = 0; i < second.size(); i++) {
            all[first.length + i] = second.get(i);
        }
        return all;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
