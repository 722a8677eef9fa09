package io.digitstream.inference.kafka;

import io.digitstream.inference.health.ConsumerProgress;
import io.quarkus.runtime.Quarkus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Exactly-once consume-process-produce: each consumed batch is processed first (with poison records isolated, see
 * {@link PoisonRecordIsolator}), then all its outputs (predictions, review items, DLQ records) are written in one
 * Kafka transaction together with the batch's consumer offsets. The transaction stays short because processing
 * happens before it begins. If the transaction fails (broker gone, producer fenced) or the service cannot process at
 * all, it aborts, the consumer rewinds to the last committed offsets and the batch comes again, after a backoff that
 * grows with consecutive failures; {@link ConsumerProgress} turns a lasting stall into a failing liveness check.
 */
@ApplicationScoped
public class ImageBatchConsumer {

    private static final Logger LOG = Logger.getLogger(ImageBatchConsumer.class);

    @Inject
    @Channel("outputs")
    KafkaTransactions<byte[]> outputs;

    @Inject
    PoisonRecordIsolator isolator;

    @Inject
    PipelineObserver observer;

    @Inject
    ConsumerProgress progress;

    @ConfigProperty(name = "digitstream.failures.abort-backoff-max")
    Duration maxBackoff;

    /** The process's exit status when its output producer can no longer be used. */
    static final int EXIT_PRODUCER_UNUSABLE = 75;

    private final AtomicInteger consecutiveAborts = new AtomicInteger();

    @Incoming("images")
    public Uni<Void> consume(Message<ConsumerRecords<String, byte[]>> batch) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.getPayload().count());
        batch.getPayload().forEach(records::add);
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> record : records) {
            oldest = Math.min(oldest, record.timestamp());
        }
        observer.batchConsumed(records.size(), records.isEmpty() ? 0 : Math.max(0, System.currentTimeMillis() - oldest));
        progress.batchConsumed();
        long[] processedAt = new long[1];
        return Uni.createFrom().item(() -> {
                    long start = System.nanoTime();
                    BatchOutputs written = process(records);
                    processedAt[0] = System.nanoTime();
                    observer.batchProcessed(processedAt[0] - start);
                    return written;
                })
                // Inference is CPU-bound: keep it off the Kafka connector's event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure().transformToUni((written, failure) -> outputs.withTransactionAndAck(batch,
                        emitter -> {
                            if (failure != null) {
                                // Abort, so the consumer rewinds and nothing of this batch is skipped.
                                return Uni.createFrom().failure(failure);
                            }
                            written.records().forEach(record -> emitter.send(record.toMessage()));
                            return Uni.createFrom().voidItem();
                        }).replaceWith(written))
                .onItem().invoke(written -> {
                    observer.batchCommitted(System.nanoTime() - processedAt[0]);
                    consecutiveAborts.set(0);
                    progress.batchCommitted();
                    observer.batchWritten(written);
                })
                .onFailure().call(this::backOff)
                .replaceWithVoid();
    }

    private BatchOutputs process(List<ConsumerRecord<String, byte[]>> records) {
        try {
            return isolator.process(records);
        } catch (SystemicFailureException e) {
            throw new IllegalStateException("the service cannot process images; the batch will be retried", e);
        }
    }

    /** Waits before the rewound batch comes again: 100 ms after the first abort, doubling up to the maximum. */
    private Uni<Void> backOff(Throwable failure) {
        int aborts = consecutiveAborts.incrementAndGet();
        observer.transactionAborted(failure);
        progress.failed(failure);
        if (progress.fatal()) {
            // A fenced producer (another process took this instance id) never works again: a zombie must not keep
            // consuming. Exiting lets the platform (k8s, compose's restart policy, a supervisor) start a clean one.
            LOG.errorf(failure, "The output producer cannot recover (%s); exiting so a new process takes over",
                    failure.toString());
            Quarkus.asyncExit(EXIT_PRODUCER_UNUSABLE);
        }
        Duration delay = Duration.ofMillis(100L << Math.min(aborts - 1, 20));
        if (delay.compareTo(maxBackoff) > 0) {
            delay = maxBackoff;
        }
        LOG.warnf("Batch aborted (%d in a row), retrying in %d ms: %s", aborts, delay.toMillis(),
                failure.toString());
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }
}
