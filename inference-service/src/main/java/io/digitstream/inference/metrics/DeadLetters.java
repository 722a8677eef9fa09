package io.digitstream.inference.metrics;

import io.digitstream.inference.logging.RateLimitedLog;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DlqReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * How the topology's processors turn a record into a {@link DeadLetter}: sourced from the record being processed,
 * within the output record budget, counted and logged (rate-limited). The budget is the producer's
 * {@code max.request.size} for the topology ({@code digitstream.limits.max-record-bytes}), so a dead letter can
 * always be written, however large or hostile the record it describes.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int LOGGED_CHARS = 500;
    private static final DeadLetter.Source UNKNOWN_SOURCE = new DeadLetter.Source("(unknown)", -1, -1);

    private final int maxRecordBytes;
    private final TopologyFailureMeters meters;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    DeadLetters(int maxRecordBytes, TopologyFailureMeters meters) {
        if (maxRecordBytes < DeadLetter.MIN_RECORD_BYTES) {
            throw new IllegalArgumentException("digitstream.limits.max-record-bytes must be at least "
                    + DeadLetter.MIN_RECORD_BYTES + " for a dead letter to fit, got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.meters = meters;
    }

    /**
     * @param context the context of the processor holding the record: the dead letter names the topic, partition and
     *                offset the task read it from
     * @param cause   what went wrong, for the log; {@code null} when {@code detail} says it all
     */
    DeadLetter of(ProcessingContext context, String key, byte[] value, Headers headers, DlqReason reason,
            String detail, Throwable cause) {
        DeadLetter.Source source = context.recordMetadata()
                .map((RecordMetadata metadata) -> new DeadLetter.Source(metadata.topic(), metadata.partition(),
                        metadata.offset()))
                .orElse(UNKNOWN_SOURCE);
        meters.deadLettered(reason);
        warnings.warn(String.format("Sending the record with key '%s' from %s-%d@%d to the DLQ (%s): %s",
                abbreviated(key), source.topic(), source.partition(), source.offset(), reason.code(),
                abbreviated(detail)), cause);
        return DeadLetter.of(source, key, value, headers, reason, detail, maxRecordBytes);
    }

    /** The detail of a {@link DlqReason#PROCESSING_FAILED} dead letter: which step failed, and the whole stack trace. */
    static String failureDetail(String step, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return step + " failed on this record: " + trace;
    }

    // A hostile key or detail may be megabytes long; the dead letter keeps what fits, the log line a glimpse.
    private static String abbreviated(String text) {
        return text == null || text.length() <= LOGGED_CHARS ? text : text.substring(0, LOGGED_CHARS) + " [...]";
    }
}
