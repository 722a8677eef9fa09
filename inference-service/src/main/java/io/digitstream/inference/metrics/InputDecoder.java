package io.digitstream.inference.metrics;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventReader;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.InvalidEventException;
import java.time.Instant;
import java.util.function.BiFunction;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns the raw bytes of a prediction, label, field reading or field label into an {@link ImageEvent}, stamped with the event's own time, or into
 * a dead letter (reason and detail, source topic, partition and offset; see {@link DeadLetters}). Decoding here
 * rather than in a source serde is what lets bad input reach the DLQ inside the same transaction instead of stopping
 * the application or being dropped by a log-and-continue handler.
 *
 * <p>The checks and their reasons are schemas' {@link EventReader}'s, as on {@code digits.images}: size, JSON syntax
 * (a tombstone is {@link DlqReason#INVALID_JSON}), schema, record invariants; then the record key must be the
 * event's image id; then every time the event carries must lie within the {@link EventTimeWindow} around the
 * processing wall clock ({@code context.currentSystemTimeMs()}), or the event is refused as
 * {@link DlqReason#IMPLAUSIBLE_TIME}, naming the field. Everything after this step (join retention, windows, stream
 * time, latencies) computes with these times: one event from the year 9999 would close every window and evict every
 * image for good, one from the year 0 would overflow a latency.
 */
final class InputDecoder<T> implements FixedKeyProcessor<String, byte[], ValueOrDeadLetter<ImageEvent>> {

    private final EventReader<T> reader;
    private final BiFunction<T, byte[], ImageEvent> toEvent;
    private final DeadLetters deadLetters;
    private FixedKeyProcessorContext<String, ValueOrDeadLetter<ImageEvent>> context;

    InputDecoder(EventReader<T> reader, BiFunction<T, byte[], ImageEvent> toEvent, DeadLetters deadLetters) {
        this.reader = reader;
        this.toEvent = toEvent;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ValueOrDeadLetter<ImageEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        T decoded;
        ImageEvent event;
        try {
            decoded = reader.decode(topic, record.value());
            event = toEvent.apply(decoded, record.value());
        } catch (InvalidEventException e) {
            reject(record, e.reason(), e.getMessage(), null);
            return;
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            // A deserializer bug must not stop the topology on this record again and again.
            reject(record, DlqReason.PROCESSING_FAILED, DeadLetters.failureDetail("decoding", e), e);
            return;
        }
        if (!event.id().equals(record.key())) {
            // Predictions and labels meet by partition; a key that is not the event's id would hide one from the other.
            reject(record, DlqReason.SCHEMA_VIOLATION,
                    "record key '" + record.key() + "' is not the event's id '" + event.id() + "'", null);
            return;
        }
        try {
            reader.requirePlausibleTimes(decoded, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        } catch (InvalidEventException implausible) {
            reject(record, implausible.reason(), implausible.getMessage(), null);
            return;
        }
        context.forward(record.withValue(ValueOrDeadLetter.ofValue(event)).withTimestamp(event.eventTimeMs()));
    }

    private void reject(FixedKeyRecord<String, byte[]> record, DlqReason reason, String detail, Throwable cause) {
        context.forward(record.withValue(ValueOrDeadLetter.ofDeadLetter(
                deadLetters.of(context, record.key(), record.value(), record.headers(), reason, detail, cause))));
    }
}
