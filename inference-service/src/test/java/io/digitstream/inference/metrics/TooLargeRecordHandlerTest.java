package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class TooLargeRecordHandlerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TooLargeRecordHandler handler = new TooLargeRecordHandler(new TopologyFailureMeters(registry));
    private final ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("digits.metrics", new byte[3], new byte[9]);

    @Test
    void anOutputTooLargeToSendIsSkippedAndCounted() {
        assertEquals(ProductionExceptionHandlerResponse.CONTINUE,
                handler.handle(new SourceContext(), output, new RecordTooLargeException("too large")));
        assertEquals(1.0, registry.counter("digitstream.metrics.records.too.large", "topic", "digits.metrics").count());
    }

    @Test
    void everyOtherProductionErrorFails() {
        assertEquals(ProductionExceptionHandlerResponse.FAIL,
                handler.handle(new SourceContext(), output, new TimeoutException("broker gone")));
        assertEquals(0, registry.find("digitstream.metrics.records.too.large").counters().size());
    }

    /** Where the output came from: an input record of the task being processed. */
    private static final class SourceContext implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "digits.predictions";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 7;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "KSTREAM-SINK-0000000042";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(1, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}
