package io.digitstream.schemas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a consumer that dead-letters what it cannot use reads the value of an input record: one check after the other,
 * cheapest first, the first failure an {@link InvalidEventException} with its {@link DlqReason}:
 * <ol>
 * <li>size: a value over {@code maxPayloadBytes} is {@link DlqReason#PAYLOAD_TOO_LARGE}, before a byte is parsed;</li>
 * <li>JSON syntax: a tombstone, bytes that are not JSON: {@link DlqReason#INVALID_JSON} (JSON that is not an object is
 * the schema's violation);</li>
 * <li>the topic's JSON Schema: {@link DlqReason#SCHEMA_VIOLATION};</li>
 * <li>the record's own invariants: {@link DlqReason#SCHEMA_VIOLATION};</li>
 * <li>every event time within the {@link EventTimeWindow} around the processing time:
 * {@link DlqReason#IMPLAUSIBLE_TIME}, naming each field out of range.</li>
 * </ol>
 * Steps 2 to 4 are {@link EventDeserializer#deserializeEvent(String, byte[])}. Every reader of
 * {@link Topics#IMAGES}, {@link Topics#LABELS} and {@link Topics#PREDICTIONS} that dead-letters goes through one of
 * these, so the same record gets the same reason wherever it is read. Thread-safe.
 */
public final class EventReader<T> {

    private final EventDeserializer<T> deserializer;
    private final int maxPayloadBytes;
    private final EventTimeWindow timeWindow;
    private final Function<? super T, Map<String, Instant>> eventTimes;

    /**
     * @param deserializer    the topic's deserializer, in the schema mode the reader wants
     * @param maxPayloadBytes the largest value read at all
     * @param eventTimes      every time the event carries, by field name, in the order a detail names them
     */
    public EventReader(EventDeserializer<T> deserializer, int maxPayloadBytes, EventTimeWindow timeWindow,
            Function<? super T, Map<String, Instant>> eventTimes) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("the payload limit must be at least 1 byte, got " + maxPayloadBytes);
        }
        this.deserializer = deserializer;
        this.maxPayloadBytes = maxPayloadBytes;
        this.timeWindow = timeWindow;
        this.eventTimes = eventTimes;
    }

    /** {@link Topics#IMAGES}: the time to check is {@code capturedAt}. */
    public static EventReader<DigitImage> images(EventDeserializer<DigitImage> deserializer, int maxPayloadBytes,
            EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow,
                image -> Map.of("capturedAt", image.capturedAt()));
    }

    /** {@link Topics#FIELDS}: the time to check is {@code capturedAt}. */
    public static EventReader<FieldImage> fields(EventDeserializer<FieldImage> deserializer, int maxPayloadBytes,
            EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow,
                field -> Map.of("capturedAt", field.capturedAt()));
    }

    /** {@link Topics#LABELS}: the time to check is {@code labeledAt}. */
    public static EventReader<DigitLabel> labels(EventDeserializer<DigitLabel> deserializer, int maxPayloadBytes,
            EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow,
                label -> Map.of("labeledAt", label.labeledAt()));
    }

    /** {@link Topics#PREDICTIONS}: the times to check are {@code capturedAt}, {@code receivedAt}, {@code predictedAt}. */
    public static EventReader<DigitPrediction> predictions(EventDeserializer<DigitPrediction> deserializer,
            int maxPayloadBytes, EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow, prediction -> {
            Map<String, Instant> times = new LinkedHashMap<>();
            times.put("capturedAt", prediction.capturedAt());
            times.put("receivedAt", prediction.receivedAt());
            times.put("predictedAt", prediction.predictedAt());
            return times;
        });
    }

    /** {@link Topics#FIELD_READINGS}: the times to check are {@code capturedAt}, {@code receivedAt}, {@code readAt}. */
    public static EventReader<FieldReading> fieldReadings(EventDeserializer<FieldReading> deserializer,
            int maxPayloadBytes, EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow, reading -> {
            Map<String, Instant> times = new LinkedHashMap<>();
            times.put("capturedAt", reading.capturedAt());
            times.put("receivedAt", reading.receivedAt());
            times.put("readAt", reading.readAt());
            return times;
        });
    }

    /** {@link Topics#FIELD_LABELS}: the time to check is {@code labeledAt}. */
    public static EventReader<FieldLabel> fieldLabels(EventDeserializer<FieldLabel> deserializer, int maxPayloadBytes,
            EventTimeWindow timeWindow) {
        return new EventReader<>(deserializer, maxPayloadBytes, timeWindow,
                label -> Map.of("labeledAt", label.labeledAt()));
    }

    /**
     * Every check, in order.
     *
     * @param topic the topic the value was read from, as the failure's message names it
     * @param now   the processing time the event times must be plausible at
     */
    public T read(String topic, byte[] value, Instant now) {
        T event = decode(topic, value);
        requirePlausibleTimes(event, now);
        return event;
    }

    /** The checks up to the record's invariants (1 to 4), for a reader with checks of its own before the times. */
    public T decode(String topic, byte[] value) {
        if (value != null && value.length > maxPayloadBytes) {
            throw new InvalidEventException(DlqReason.PAYLOAD_TOO_LARGE,
                    "value is " + value.length + " bytes, over the limit of " + maxPayloadBytes);
        }
        return deserializer.deserializeEvent(topic, value);
    }

    /** The last check (5): the message names every implausible field, separated by {@code "; "}. */
    public void requirePlausibleTimes(T event, Instant now) {
        List<String> violations = new ArrayList<>();
        eventTimes.apply(event).forEach((field, time) -> timeWindow.violation(field, time, now).ifPresent(violations::add));
        if (!violations.isEmpty()) {
            throw new InvalidEventException(String.join("; ", violations), DlqReason.IMPLAUSIBLE_TIME, violations,
                    null);
        }
    }
}
