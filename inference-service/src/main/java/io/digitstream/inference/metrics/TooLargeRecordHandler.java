package io.digitstream.inference.metrics;

import io.digitstream.inference.logging.RateLimitedLog;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

/**
 * The topology's {@code production.exception.handler}: an output the producer refuses as too large
 * ({@code max.request.size}) is skipped, logged (rate-limited) and counted; every other production error fails the
 * stream thread, as Streams' default does, because it says something about the broker or the transaction rather than
 * about one record.
 *
 * <p>A safety net, not the plan: every output is bounded by construction (dead letters fit
 * {@code digitstream.limits.max-record-bytes} through {@link DeadLetters}, which is also the producer's
 * {@code max.request.size}; metrics, observations and state are small). Under exactly-once, skipping does not save
 * the transaction: Kafka's transactional producer treats the refused send as an abortable error, so the task is
 * re-processed from its last commit (see docs/metrics.md). Kafka creates this handler itself, so its counter is
 * registered in Micrometer's global registry, which Quarkus backs with the one served at /q/metrics.
 */
public final class TooLargeRecordHandler implements ProductionExceptionHandler {

    private static final RateLimitedLog WARNINGS =
            new RateLimitedLog(Logger.getLogger(TooLargeRecordHandler.class), Duration.ofSeconds(10));

    private final TopologyFailureMeters meters;

    public TooLargeRecordHandler() {
        this(new TopologyFailureMeters(Metrics.globalRegistry));
    }

    TooLargeRecordHandler(TopologyFailureMeters meters) {
        this.meters = meters;
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return ProductionExceptionHandlerResponse.FAIL;
        }
        meters.skippedTooLarge(record.topic());
        WARNINGS.warn(String.format("Skipping an output to %s of %d value bytes, too large to send (processing %s-%d@%d"
                        + " in processor %s): %s", record.topic(), record.value() == null ? 0 : record.value().length,
                context.topic(), context.partition(), context.offset(), context.processorNodeId(),
                exception.getMessage()), null);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the size limit is the producer's own.
    }
}
