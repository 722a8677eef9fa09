package io.digitstream.inference.kafka;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Exactly-once consume-process-produce: each consumed batch is processed and all its outputs (predictions, review
 * items, DLQ records) are written in one Kafka transaction together with the batch's consumer offsets. If anything
 * fails, the transaction aborts and the consumer rewinds to the last committed offsets, so the batch is processed
 * again and read_committed readers never see a partial or duplicate result.
 */
@ApplicationScoped
public class ImageBatchConsumer {

    @Inject
    @Channel("outputs")
    KafkaTransactions<byte[]> outputs;

    @Inject
    ImageBatchProcessor processor;

    @Incoming("images")
    public Uni<Void> consume(Message<ConsumerRecords<String, byte[]>> batch) {
        return outputs.withTransactionAndAck(batch, emitter -> Uni.createFrom()
                .item(() -> process(batch.getPayload()))
                // Inference is CPU-bound: keep it off the Kafka connector's event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(records -> records.forEach(record -> emitter.send(record.toMessage())))
                .replaceWithVoid());
    }

    private List<OutputRecord> process(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        try {
            return processor.process(list);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("inference failed; the batch will be retried", e);
        }
    }
}
