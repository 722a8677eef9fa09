package io.digitstream.inference.metrics;

import io.digitstream.schemas.DeadLetter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step before the DLQ sink: a {@link DeadLetter} becomes the record it describes (its key, value and
 * headers), stamped with the wall-clock time it is written. Not the original record's time: that may be whatever a
 * hostile producer chose, which the broker's timestamp limits would refuse and time-based retention delete at once.
 */
final class DeadLetterForwarder implements Processor<String, DeadLetter, String, byte[]> {

    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter letter = record.value();
        context.forward(new Record<>(letter.key(), letter.value(), context.currentSystemTimeMs(), letter.headers()));
    }
}
