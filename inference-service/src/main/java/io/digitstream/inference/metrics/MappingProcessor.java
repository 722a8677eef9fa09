package io.digitstream.inference.metrics;

import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** {@code mapValues} as a processor, so that a mapping can be wrapped by {@link DeadLetteringProcessor} too. */
final class MappingProcessor<VIn, VOut> implements Processor<String, VIn, String, VOut> {

    private final BiFunction<String, VIn, VOut> mapper;
    private ProcessorContext<String, VOut> context;

    MappingProcessor(BiFunction<String, VIn, VOut> mapper) {
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<String, VOut> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, VIn> record) {
        context.forward(record.withValue(mapper.apply(record.key(), record.value())));
    }
}
