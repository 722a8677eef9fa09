package io.digitstream.inference.preprocess;

import io.digitstream.schemas.EventReader;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.InvalidEventException;
import java.time.Instant;

/**
 * Reads a {@code digits.fields} value the way {@link ImageEventParser} reads an image: size limit, JSON syntax, the
 * topic's JSON Schema (always: fields are few and large, so the validator's cost per field is small), the record's
 * invariants, then the plausibility of {@code capturedAt}; each failure an {@link InvalidEventException}.
 */
public final class FieldEventParser {

    private final EventReader<FieldImage> reader;

    public FieldEventParser(ImageLimits limits, EventTimeWindow timeWindow) {
        this.reader = EventReader.fields(new FieldImageSerde.Deserializer(), limits.maxPayloadBytes(), timeWindow);
    }

    /**
     * @param topic the topic the value was read from, as the failure's message names it
     * @param now   the processing time that {@code capturedAt} must be plausible at
     */
    public FieldImage parse(String topic, byte[] value, Instant now) throws InvalidEventException {
        return reader.read(topic, value, now);
    }
}
