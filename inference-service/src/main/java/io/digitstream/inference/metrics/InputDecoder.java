package io.digitstream.inference.metrics;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.InvalidEventException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns the raw bytes of a prediction or label into an {@link ImageEvent}, stamped with the event's own time, or into
 * a dead letter (reason and detail, source topic, partition and offset; see {@link DeadLetters}). Decoding here
 * rather than in a source serde is what lets bad input reach the DLQ inside the same transaction instead of stopping
 * the application or being dropped by a log-and-continue handler.
 *
 * <p>Every time the event carries must lie within the {@link EventTimeWindow} around the processing wall clock
 * ({@code context.currentSystemTimeMs()}), or the event is refused as {@link DlqReason#IMPLAUSIBLE_TIME}, naming the
 * field. Everything after this step (join retention, windows, stream time, latencies) computes with these times: one
 * event from the year 9999 would close every window and evict every image for good, one from the year 0 would
 * overflow a latency.
 */
final class InputDecoder<T> implements FixedKeyProcessor<String, byte[], ValueOrDeadLetter<ImageEvent>> {

    private final Deserializer<T> deserializer;
    private final BiFunction<T, byte[], ImageEvent> toEvent;
    private final EventTimeWindow timeWindow;
    private final DeadLetters deadLetters;
    private FixedKeyProcessorContext<String, ValueOrDeadLetter<ImageEvent>> context;

    InputDecoder(Deserializer<T> deserializer, BiFunction<T, byte[], ImageEvent> toEvent, EventTimeWindow timeWindow,
            DeadLetters deadLetters) {
        this.deserializer = deserializer;
        this.toEvent = toEvent;
        this.timeWindow = timeWindow;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ValueOrDeadLetter<ImageEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        if (record.value() == null) {
            reject(record, DlqReason.SCHEMA_VIOLATION, "the record has no value (a tombstone is not an event)", null);
            return;
        }
        ImageEvent event;
        try {
            event = toEvent.apply(deserializer.deserialize(topic, record.value()), record.value());
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
        if (!event.imageId().equals(record.key())) {
            // Predictions and labels meet by partition; a key that is not the image id would hide one from the other.
            reject(record, DlqReason.SCHEMA_VIOLATION,
                    "record key '" + record.key() + "' is not the event's image id '" + event.imageId() + "'", null);
            return;
        }
        List<String> implausible = implausibleTimes(event);
        if (!implausible.isEmpty()) {
            reject(record, DlqReason.IMPLAUSIBLE_TIME, String.join("; ", implausible), null);
            return;
        }
        context.forward(record.withValue(ValueOrDeadLetter.ofValue(event)).withTimestamp(event.eventTimeMs()));
    }

    private List<String> implausibleTimes(ImageEvent event) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<String> violations = new ArrayList<>();
        event.eventTimes().forEach((field, time) -> timeWindow.violation(field, time, now).ifPresent(violations::add));
        return violations;
    }

    private void reject(FixedKeyRecord<String, byte[]> record, DlqReason reason, String detail, Throwable cause) {
        context.forward(record.withValue(ValueOrDeadLetter.ofDeadLetter(
                deadLetters.of(context, record.key(), record.value(), record.headers(), reason, detail, cause))));
    }
}
