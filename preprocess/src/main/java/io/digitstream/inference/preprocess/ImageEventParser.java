package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.EventReader;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.Topics;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads a {@code digits.images} value with schemas' {@link EventReader}, as every input reader does: the size limit
 * first (cheapest), then JSON syntax, then the topic's JSON Schema, then the record's own invariants, then the
 * plausibility of its event time, each failure an {@link InvalidEventException} with its own DLQ reason.
 */
public final class ImageEventParser {

    /** When the JSON Schema validator runs on an event. */
    public enum SchemaCheck {
        /** On every event: the contract's schema is the judge, at several times the cost of parsing. */
        ALWAYS,
        /**
         * Only on events the strict typed parse refuses, to name the violations. The image record accepts a few
         * events the schema refuses (data that is not base64, which then fails decoding as a corrupt image; an
         * explicit null form), which is why this is not the default (schemas' ExamplesTest lists them).
         */
        ON_PARSE_FAILURE
    }

    private final EventReader<DigitImage> reader;
    private final Clock clock;

    public ImageEventParser(ImageLimits limits, SchemaCheck schemaCheck, EventTimeWindow timeWindow, Clock clock) {
        DigitImageSerde.Deserializer deserializer = new DigitImageSerde.Deserializer();
        if (schemaCheck == SchemaCheck.ON_PARSE_FAILURE) {
            deserializer.checkingSchemaOnlyOnParseFailure();
        }
        this.reader = EventReader.images(deserializer, limits.maxPayloadBytes(), timeWindow);
        this.clock = clock;
    }

    public DigitImage parse(byte[] value) throws InvalidEventException {
        return parse(value, clock.instant());
    }

    /** @param now the processing time that {@code capturedAt} must be plausible at */
    public DigitImage parse(byte[] value, Instant now) throws InvalidEventException {
        return parse(Topics.IMAGES, value, now);
    }

    /** @param topic the topic the value was read from, as the failure's message names it */
    public DigitImage parse(String topic, byte[] value, Instant now) throws InvalidEventException {
        return reader.read(topic, value, now);
    }
}
