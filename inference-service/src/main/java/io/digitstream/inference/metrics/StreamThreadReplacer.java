package io.digitstream.inference.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens when a Kafka Streams thread of the metrics topology dies of an exception: the thread is replaced,
 * with its tasks resuming from their last commit, instead of Streams' default of shutting the client down for good
 * (the metrics would stop while the service looks healthy apart from its health check). Records our processors fail
 * on never get here ({@link DeadLetteringProcessor}); what does is a fault of the infrastructure, which a fresh thread
 * may well get past.
 *
 * <p>Only so many replacements within a window, though ({@code digitstream.metrics.stream-threads.*}): a fault that
 * persists would otherwise fail thread after thread on the same record, unseen. Past the budget the client shuts
 * down, its state goes to ERROR, and the Kafka Streams health check reports DOWN.
 *
 * <p>The Quarkus Kafka Streams extension installs the one CDI bean of this type on the {@code KafkaStreams} it builds,
 * before starting it (its {@code KafkaStreamsProducer} looks up {@code Instance<StreamsUncaughtExceptionHandler>}).
 */
@ApplicationScoped
public class StreamThreadReplacer implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StreamThreadReplacer.class);

    private final int maxReplacements;
    private final long windowNanos;
    private final TopologyFailureMeters meters;
    private final LongSupplier nanoTime;
    private final Deque<Long> recentReplacements = new ArrayDeque<>();

    @Inject
    public StreamThreadReplacer(LiveMetricsConfig config, TopologyFailureMeters meters) {
        this(config.streamThreads().maxReplacements(), config.streamThreads().replacementWindow(), meters,
                System::nanoTime);
    }

    StreamThreadReplacer(int maxReplacements, Duration window, TopologyFailureMeters meters, LongSupplier nanoTime) {
        this.maxReplacements = maxReplacements;
        this.windowNanos = window.toNanos();
        this.meters = meters;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = nanoTime.getAsLong();
        while (!recentReplacements.isEmpty() && now - recentReplacements.peekFirst() >= windowNanos) {
            recentReplacements.removeFirst();
        }
        if (recentReplacements.size() >= maxReplacements) {
            LOG.errorf(exception, "A live-metrics stream thread died; %d threads were already replaced within %s, so"
                    + " the Kafka Streams client shuts down (health DOWN) instead", recentReplacements.size(),
                    Duration.ofNanos(windowNanos));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recentReplacements.addLast(now);
        meters.streamThreadReplaced();
        LOG.errorf(exception, "A live-metrics stream thread died; replacing it (%d of at most %d within %s)",
                recentReplacements.size(), maxReplacements, Duration.ofNanos(windowNanos));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
