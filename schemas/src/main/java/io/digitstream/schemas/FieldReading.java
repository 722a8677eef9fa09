package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer for one form field on {@link Topics#FIELD_READINGS}, keyed by field id: exactly one per valid field.
 *
 * @param value      the ensemble's digits left to right; empty when no digit was found
 * @param confidence the product of the digits' ensemble confidences (0 when no digit was found)
 * @param digits     one per character of {@code value}, in the same order
 * @param doubts     why a person should check it; empty when none
 * @param modelSet   the champion model set's version; null (absent) only for readings without one
 */
public record FieldReading(
        int schemaVersion,
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) FormRef form,
        String value,
        double confidence,
        List<FieldDigit> digits,
        FieldSegmentation segmentation,
        List<FieldDoubt> doubts,
        Instant capturedAt,
        Instant receivedAt,
        Instant readAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelSet) {

    public FieldReading {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        Require.present(value, "value");
        Require.unitInterval(confidence, "confidence");
        digits = List.copyOf(Require.present(digits, "digits"));
        if (digits.size() > FieldImage.MAX_DIGITS || value.length() != digits.size()) {
            throw new IllegalArgumentException("value '" + value + "' must have one digit per entry of digits ("
                    + digits.size() + ", at most " + FieldImage.MAX_DIGITS + ")");
        }
        for (int i = 0; i < digits.size(); i++) {
            if (value.charAt(i) != (char) ('0' + digits.get(i).ensemble().digit())) {
                throw new IllegalArgumentException("value '" + value + "' differs from digit " + i + "'s ensemble answer");
            }
        }
        Require.present(segmentation, "segmentation");
        doubts = List.copyOf(Require.present(doubts, "doubts"));
        if (doubts.stream().distinct().count() != doubts.size()) {
            throw new IllegalArgumentException("doubts must not repeat: " + doubts);
        }
        Require.present(capturedAt, "capturedAt");
        Require.present(receivedAt, "receivedAt");
        Require.present(readAt, "readAt");
        if (modelSet != null) {
            Require.text(modelSet, "modelSet", 128);
        }
    }

    public FieldReading(String id, FormRef form, List<FieldDigit> digits, FieldSegmentation segmentation,
            List<FieldDoubt> doubts, Instant capturedAt, Instant receivedAt, Instant readAt, String modelSet) {
        this(Require.SCHEMA_VERSION, id, form, valueOf(digits), confidenceOf(digits), digits, segmentation, doubts,
                capturedAt, receivedAt, readAt, modelSet);
    }

    /** The ensemble's digits, left to right. */
    public static String valueOf(List<FieldDigit> digits) {
        StringBuilder value = new StringBuilder(digits.size());
        digits.forEach(digit -> value.append((char) ('0' + digit.ensemble().digit())));
        return value.toString();
    }

    /**
     * What each model read on its own: its digits left to right, by model name in the order the models answered. The
     * boxes are the ensemble's, so every model reads as many digits as the ensemble.
     */
    public Map<String, String> valuesByModel() {
        Map<String, StringBuilder> read = new LinkedHashMap<>();
        for (FieldDigit digit : digits) {
            for (ModelPrediction model : digit.models()) {
                read.computeIfAbsent(model.model(), name -> new StringBuilder(digits.size())).append(model.digit());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        read.forEach((model, value) -> values.put(model, value.toString()));
        return values;
    }

    /** The chance every digit is right, if the models' confidences were calibrated and independent. */
    public static double confidenceOf(List<FieldDigit> digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        double product = 1;
        for (FieldDigit digit : digits) {
            product *= digit.ensemble().confidence();
        }
        return Math.min(1, Math.max(0, product));
    }
}
