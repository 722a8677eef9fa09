package io.digitstream.inference.metrics;

import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Turns the raw bytes of a prediction or label into an {@link ImageEvent}, stamped with the event's own time, or
 * marks the record as rejected with the dead-letter headers (reason, detail, source topic, partition, offset).
 * Decoding here rather than in a source serde is what lets bad input reach the DLQ inside the same transaction
 * instead of stopping the application or being dropped by a log-and-continue handler.
 */
final class InputDecoder<T> implements FixedKeyProcessor<String, byte[], DecodedInput> {

    private static final Logger LOG = Logger.getLogger(InputDecoder.class);

    private final Deserializer<T> deserializer;
    private final Function<T, ImageEvent> toEvent;
    private FixedKeyProcessorContext<String, DecodedInput> context;

    InputDecoder(Deserializer<T> deserializer, Function<T, ImageEvent> toEvent) {
        this.deserializer = deserializer;
        this.toEvent = toEvent;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DecodedInput> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        if (record.value() == null) {
            reject(record, DlqReason.SCHEMA_VIOLATION, "the record has no value (a tombstone is not an event)");
            return;
        }
        ImageEvent event;
        try {
            event = toEvent.apply(deserializer.deserialize(topic, record.value()));
        } catch (InvalidEventException e) {
            reject(record, e.reason(), e.getMessage());
            return;
        }
        if (!event.imageId().equals(record.key())) {
            // Predictions and labels meet by partition; a key that is not the image id would hide one from the other.
            reject(record, DlqReason.SCHEMA_VIOLATION,
                    "record key '" + record.key() + "' is not the event's image id '" + event.imageId() + "'");
            return;
        }
        context.forward(record.withValue(DecodedInput.accepted(event)).withTimestamp(event.eventTimeMs()));
    }

    private void reject(FixedKeyRecord<String, byte[]> record, DlqReason reason, String detail) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DlqHeaders.REASON, utf8(reason.code()));
        headers.add(DlqHeaders.DETAIL, utf8(detail));
        context.recordMetadata().ifPresent(metadata -> {
            headers.add(DlqHeaders.TOPIC, utf8(metadata.topic()));
            headers.add(DlqHeaders.PARTITION, utf8(Integer.toString(metadata.partition())));
            headers.add(DlqHeaders.OFFSET, utf8(Long.toString(metadata.offset())));
        });
        LOG.warnf("Sending record with key '%s' to the DLQ (%s): %s", record.key(), reason.code(), detail);
        context.forward(record.withValue(DecodedInput.rejected(record.value())).withHeaders(headers));
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
