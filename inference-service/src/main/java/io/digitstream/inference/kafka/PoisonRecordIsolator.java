package io.digitstream.inference.kafka;

import io.digitstream.inference.logging.RateLimitedLog;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageEncoding;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.Logger;

/**
 * Keeps one record from stopping a partition. A batch whose processing fails for a reason other than invalid input
 * (which {@link ImageBatchProcessor} already turns into dead letters) is retried a bounded number of times with
 * backoff; if it still fails, it is split in halves, recursively, until the records that fail on their own are found.
 * Those go to the DLQ as {@link DlqReason#PROCESSING_FAILED} with the error; every other record is predicted once.
 * <p>
 * A record that fails alone is only blamed if a known-good canary image still processes: when the canary fails too,
 * the fault is the service's (a broken model, say), not the records', and {@link SystemicFailureException} leaves the
 * whole batch to be retried rather than dead-lettering everything.
 */
public final class PoisonRecordIsolator {

    private static final Logger LOG = Logger.getLogger(PoisonRecordIsolator.class);

    /** How the isolator waits between retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ImageBatchProcessor processor;
    private final int retries;
    private final Duration backoff;
    private final PipelineObserver observer;
    private final Sleeper sleeper;
    private final RateLimitedLog isolatedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final Clock clock;

    public PoisonRecordIsolator(ImageBatchProcessor processor, int retries, Duration backoff, PipelineObserver observer,
            Sleeper sleeper, Clock clock) {
        if (retries < 0 || backoff.isNegative()) {
            throw new IllegalArgumentException("retries and backoff must not be negative: " + retries + ", " + backoff);
        }
        this.processor = processor;
        this.retries = retries;
        this.backoff = backoff;
        this.observer = observer;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** @throws SystemicFailureException when the service itself cannot process a known-good image */
    public BatchOutputs process(List<ConsumerRecord<String, byte[]>> batch) throws SystemicFailureException {
        Attempt attempt = tryProcess(batch);
        for (int retry = 1; retry <= retries && attempt.failed(); retry++) {
            observer.batchRetried();
            pause(backoff.multipliedBy(1L << Math.min(retry - 1, 16)));
            attempt = tryProcess(batch);
        }
        if (!attempt.failed()) {
            return attempt.outputs();
        }
        LOG.warnf(attempt.failure(), "A batch of %d records failed %d times; isolating the records that fail alone",
                batch.size(), retries + 1);
        List<Part> parts = new ArrayList<>();
        bisect(batch, attempt.failure(), parts);
        if (parts.stream().anyMatch(part -> part.failure() != null)) {
            Attempt canary = tryProcess(List.of(canaryRecord()));
            if (canary.failed()) {
                throw new SystemicFailureException(
                        "a known-good canary image fails too, so the batch is not to blame", canary.failure());
            }
        }
        BatchOutputs outputs = BatchOutputs.EMPTY;
        for (Part part : parts) {
            outputs = outputs.then(part.failure() == null ? part.outputs() : isolate(part.record(), part.failure()));
        }
        return outputs;
    }

    private Attempt tryProcess(List<ConsumerRecord<String, byte[]>> records) {
        try {
            return new Attempt(processor.process(records), null);
        } catch (Exception | StackOverflowError e) {
            // StackOverflowError from a pathological input is recoverable; other Errors (OOM) end the JVM by design.
            return new Attempt(null, e);
        }
    }

    /** Splits {@code records} (known to fail together) until every part either succeeds or is one failing record. */
    private void bisect(List<ConsumerRecord<String, byte[]>> records, Throwable failure, List<Part> parts) {
        if (records.size() == 1) {
            parts.add(new Part(null, records.get(0), failure));
            return;
        }
        int middle = records.size() / 2;
        for (List<ConsumerRecord<String, byte[]>> half : List.of(records.subList(0, middle),
                records.subList(middle, records.size()))) {
            Attempt attempt = tryProcess(half);
            if (attempt.failed()) {
                bisect(half, attempt.failure(), parts);
            } else {
                parts.add(new Part(attempt.outputs(), null, null));
            }
        }
    }

    private BatchOutputs isolate(ConsumerRecord<String, byte[]> record, Throwable failure) {
        observer.recordIsolated();
        String detail = "failed alone after " + retries + " retries of its batch: " + failure;
        isolatedLog.error(String.format("Record %s-%d@%d (key '%s') fails on its own; sent to the DLQ as %s",
                record.topic(), record.partition(), record.offset(), abbreviate(record.key()),
                DlqReason.PROCESSING_FAILED.code()), failure);
        return BatchOutputs.deadLetter(processor.deadLetter(record, DlqReason.PROCESSING_FAILED, detail),
                DlqReason.PROCESSING_FAILED);
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String key) {
        return key == null || key.length() <= 80 ? key : key.substring(0, 80) + "...";
    }

    /** A blank 28x28 raw image: valid by every rule, so processing it can only fail if the service is broken. */
    private ConsumerRecord<String, byte[]> canaryRecord() {
        DigitImage image = new DigitImage("canary", null, clock.instant(), ImageEncoding.RAW, 28, 28, new byte[784]);
        byte[] value;
        try {
            value = EventJson.mapper().writeValueAsBytes(image);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the canary image", e);
        }
        return new ConsumerRecord<>("canary", 0, 0, 0L, TimestampType.CREATE_TIME, 0, value.length, "canary", value,
                new RecordHeaders(), Optional.empty());
    }

    /** The outputs of one processing attempt, or why it failed. */
    private record Attempt(BatchOutputs outputs, Throwable failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** A processed part of a batch, or one record that fails on its own and why. */
    private record Part(BatchOutputs outputs, ConsumerRecord<String, byte[]> record, Throwable failure) {
    }
}
