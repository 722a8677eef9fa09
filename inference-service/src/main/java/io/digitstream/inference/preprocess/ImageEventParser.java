package io.digitstream.inference.preprocess;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.Topics;
import java.util.List;

/**
 * Reads a {@code digits.images} value: the size limit first (cheapest), then JSON syntax, then the topic's JSON Schema,
 * then the record's own invariants, each failure with its own DLQ reason.
 */
public final class ImageEventParser {

    private final ImageLimits limits;

    public ImageEventParser(ImageLimits limits) {
        this.limits = limits;
    }

    public DigitImage parse(byte[] value) throws InvalidInputException {
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
        List<String> violations = EventSchemas.shared().violations(Topics.IMAGES, tree);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(DlqReason.SCHEMA_VIOLATION, String.join("; ", violations));
        }
        try {
            return EventJson.mapper().treeToValue(tree, DigitImage.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new InvalidInputException(DlqReason.SCHEMA_VIOLATION, "not a valid digits.images event: " + rootMessage(e), e);
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
