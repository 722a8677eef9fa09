package io.digitstream.inference.metrics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DlqReason;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Runs one of the topology's processors so that a record it fails on becomes a {@link DlqReason#PROCESSING_FAILED}
 * dead letter, with the exception in the detail, and the next record is processed as if nothing had happened.
 *
 * <p>Why here and not in a {@code processing.exception.handler} (KIP-1033): in Kafka 4.1 that handler can only
 * answer CONTINUE (the record is dropped, nothing says where) or FAIL (the stream thread dies, and after a restart
 * fails on the same record again). It cannot write the record anywhere. Catching in the processor lets the dead
 * letter travel on the processor's own output ({@link ValueOrDeadLetter}) to the DLQ sink, inside the same
 * exactly-once transaction as the state changes and outputs of the records around it.
 *
 * <p>What the wrapped processor forwards while processing a record is held back until it returns, so a failed
 * record contributes nothing downstream. State it wrote before failing stays written (a store cannot be rolled back
 * without aborting the whole transaction), which is why the processors check their inputs before changing anything;
 * the wrapped processor is then initialised afresh, so in-memory copies it keeps of its stores cannot outlive the
 * failure. Exceptions of Kafka Streams itself ({@link StreamsException}: a fenced producer, a migrated task, a broken
 * state directory) are not about the record and are rethrown, for Streams to handle as it must.
 */
final class DeadLetteringProcessor<VIn, VOut> implements Processor<String, VIn, String, ValueOrDeadLetter<VOut>> {

    private final String name;
    private final Processor<String, VIn, String, VOut> delegate;
    private final Function<VIn, byte[]> inputBytes;
    private final DeadLetters deadLetters;
    private final List<Record<String, VOut>> heldBack = new ArrayList<>();
    private ProcessorContext<String, ValueOrDeadLetter<VOut>> context;
    private HoldingBackContext delegateContext;

    /**
     * @param name       the step, as the dead letters' detail names it
     * @param inputBytes the record value as the dead letter keeps it: the bytes the step's input topic carried
     */
    DeadLetteringProcessor(String name, Processor<String, VIn, String, VOut> delegate, Function<VIn, byte[]> inputBytes,
            DeadLetters deadLetters) {
        this.name = name;
        this.delegate = delegate;
        this.inputBytes = inputBytes;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, ValueOrDeadLetter<VOut>> context) {
        this.context = context;
        this.delegateContext = new HoldingBackContext(context);
        delegate.init(delegateContext);
    }

    @Override
    public void process(Record<String, VIn> record) {
        heldBack.clear();
        try {
            delegate.process(record);
        } catch (StreamsException streamsFailure) {
            throw streamsFailure;
        } catch (RuntimeException failure) {
            heldBack.clear();
            context.forward(record.withValue(ValueOrDeadLetter.ofDeadLetter(deadLetter(record, failure))));
            delegate.close();
            delegate.init(delegateContext);
            return;
        }
        for (Record<String, VOut> output : heldBack) {
            context.forward(output.withValue(ValueOrDeadLetter.ofValue(output.value())));
        }
        heldBack.clear();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private DeadLetter deadLetter(Record<String, VIn> record, RuntimeException failure) {
        String detail = DeadLetters.failureDetail(name, failure);
        byte[] value;
        try {
            value = inputBytes.apply(record.value());
        } catch (RuntimeException unwritable) {
            value = null;
            detail = "the record's value could not be written back (" + unwritable + "); " + detail;
        }
        return deadLetters.of(context, record.key(), value, record.headers(), DlqReason.PROCESSING_FAILED, detail,
                failure);
    }

    /** The wrapped processor's view of the context: everything passes through, except that forwards are held back. */
    private final class HoldingBackContext implements ProcessorContext<String, VOut> {

        private final ProcessorContext<String, ValueOrDeadLetter<VOut>> outer;

        HoldingBackContext(ProcessorContext<String, ValueOrDeadLetter<VOut>> outer) {
            this.outer = outer;
        }

        @Override
        public <K extends String, V extends VOut> void forward(Record<K, V> record) {
            heldBack.add(new Record<>(record.key(), record.value(), record.timestamp(), record.headers()));
        }

        @Override
        public <K extends String, V extends VOut> void forward(Record<K, V> record, String childName) {
            // The wrapped processors have a single child (the split that follows); naming one would be a bug.
            throw new UnsupportedOperationException("processors wrapped for dead letters forward to their one child");
        }

        @Override
        public String applicationId() {
            return outer.applicationId();
        }

        @Override
        public TaskId taskId() {
            return outer.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return outer.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return outer.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return outer.valueSerde();
        }

        @Override
        public File stateDir() {
            return outer.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return outer.metrics();
        }

        @Override
        public <S extends StateStore> S getStateStore(String storeName) {
            return outer.getStateStore(storeName);
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            // What a punctuation forwards would be held back until the next record, and its failures not caught.
            throw new UnsupportedOperationException("processors wrapped for dead letters cannot punctuate");
        }

        @Override
        public void commit() {
            outer.commit();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return outer.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return outer.appConfigsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return outer.currentSystemTimeMs();
        }

        @Override
        public long currentStreamTimeMs() {
            return outer.currentStreamTimeMs();
        }
    }
}
