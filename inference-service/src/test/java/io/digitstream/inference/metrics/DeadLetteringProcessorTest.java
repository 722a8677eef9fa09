package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DlqHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wrapper on its own, around a processor that forwards the upper-cased input and fails as told. */
class DeadLetteringProcessorTest {

    private final MockProcessorContext<String, ValueOrDeadLetter<String>> context = new MockProcessorContext<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedProcessor scripted = new ScriptedProcessor();
    private final DeadLetteringProcessor<String, String> wrapper = new DeadLetteringProcessor<>("shouting", scripted,
            value -> value.getBytes(StandardCharsets.UTF_8),
            new DeadLetters(DeadLetter.MIN_RECORD_BYTES, new TopologyFailureMeters(registry)));

    @BeforeEach
    void init() {
        context.setRecordMetadata("in", 2, 40);
        wrapper.init(context);
    }

    @Test
    void aFailedRecordForwardsNothingButItsDeadLetterAndTheNextRecordIsProcessed() {
        wrapper.process(new Record<>("k", "forward then fail", 0));
        wrapper.process(new Record<>("k", "fine", 0));

        List<ValueOrDeadLetter<String>> forwarded = context.forwarded().stream()
                .<ValueOrDeadLetter<String>>map(f -> f.record().value()).toList();
        assertEquals(2, forwarded.size(), () -> forwarded.toString());
        DeadLetter letter = forwarded.get(0).deadLetter();
        assertEquals("processing-failed", header(letter, DlqHeaders.REASON));
        assertTrue(header(letter, DlqHeaders.DETAIL).startsWith(
                "shouting failed on this record: java.lang.IllegalStateException: told to fail"));
        assertEquals("in", header(letter, DlqHeaders.TOPIC));
        assertEquals("2", header(letter, DlqHeaders.PARTITION));
        assertEquals("40", header(letter, DlqHeaders.OFFSET));
        assertArrayEquals("forward then fail".getBytes(StandardCharsets.UTF_8), letter.value());
        assertEquals("FINE", forwarded.get(1).value(), "what it forwarded before failing was held back and dropped");
        assertEquals(2, scripted.inits, "initialised afresh after the failure");
        assertEquals(1.0, registry.counter("digitstream.metrics.dlq.records", "reason", "processing-failed").count());
    }

    @Test
    void failuresOfKafkaStreamsItselfAreNotTheRecordsFaultAndPropagate() {
        assertThrows(TaskMigratedException.class, () -> wrapper.process(new Record<>("k", "migrate", 0)));
        assertTrue(context.forwarded().isEmpty());
    }

    private static String header(DeadLetter letter, String name) {
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static final class ScriptedProcessor implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private int inits;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            inits++;
        }

        @Override
        public void process(Record<String, String> record) {
            context.forward(record.withValue(record.value().toUpperCase()));
            if (record.value().equals("forward then fail")) {
                throw new IllegalStateException("told to fail");
            }
            if (record.value().equals("migrate")) {
                throw new TaskMigratedException("the task moved", new RuntimeException());
            }
        }
    }
}
