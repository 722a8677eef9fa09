package io.digitstream.inference.preprocess;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads a {@code digits.images} value: the size limit first (cheapest), then JSON syntax, then the topic's JSON Schema,
 * then the record's own invariants, then the plausibility of its event time, each failure with its own DLQ reason.
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

    /** The defaults of application.properties: 30 days back, 5 minutes ahead. */
    public static final EventTimeWindow DEFAULT_TIME_WINDOW = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));

    private final ImageLimits limits;
    private final SchemaCheck schemaCheck;
    private final EventTimeWindow timeWindow;
    private final Clock clock;

    public ImageEventParser(ImageLimits limits) {
        this(limits, SchemaCheck.ALWAYS, DEFAULT_TIME_WINDOW, Clock.systemUTC());
    }

    public ImageEventParser(ImageLimits limits, SchemaCheck schemaCheck, EventTimeWindow timeWindow, Clock clock) {
        this.limits = limits;
        this.schemaCheck = schemaCheck;
        this.timeWindow = timeWindow;
        this.clock = clock;
    }

    public DigitImage parse(byte[] value) throws InvalidInputException {
        return parse(value, clock.instant());
    }

    /** @param now the processing time that {@code capturedAt} must be plausible at */
    public DigitImage parse(byte[] value, Instant now) throws InvalidInputException {
        DigitImage image = parseEvent(value);
        var implausible = timeWindow.violation("capturedAt", image.capturedAt(), now);
        if (implausible.isPresent()) {
            throw new InvalidInputException(DlqReason.IMPLAUSIBLE_TIME, implausible.get());
        }
        return image;
    }

    private DigitImage parseEvent(byte[] value) throws InvalidInputException {
        if (value == null) {
            throw new InvalidInputException(DlqReason.INVALID_JSON, "record has no value (tombstone)");
        }
        if (value.length > limits.maxPayloadBytes()) {
            throw new InvalidInputException(DlqReason.PAYLOAD_TOO_LARGE,
                    "value is " + value.length + " bytes, over the limit of " + limits.maxPayloadBytes());
        }
        JsonNode tree;
        try {
            tree = EventJson.mapper().readTree(value);
        } catch (JacksonException e) {
            throw new InvalidInputException(DlqReason.INVALID_JSON, "value is not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(DlqReason.INVALID_JSON, "value cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException(DlqReason.INVALID_JSON, "value is not a JSON object");
        }
        if (schemaCheck == SchemaCheck.ALWAYS) {
            requireSchemaValid(tree);
        }
        try {
            return EventJson.mapper().treeToValue(tree, DigitImage.class);
        } catch (JacksonException | IllegalArgumentException e) {
            requireSchemaValid(tree);
            throw new InvalidInputException(DlqReason.SCHEMA_VIOLATION, "not a valid digits.images event: " + rootMessage(e), e);
        }
    }

    private static void requireSchemaValid(JsonNode tree) throws InvalidInputException {
        List<String> violations = EventSchemas.shared().violations(Topics.IMAGES, tree);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(DlqReason.SCHEMA_VIOLATION, String.join("; ", violations));
        }
    }

    // Jackson wraps the record constructor's IllegalArgumentException; its message names the offending field.
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
