package io.digitstream.inference.metrics;

import io.digitstream.schemas.FieldMatch;

/**
 * One fact about one model (or the ensemble) that the metrics aggregate: a prediction it made (digit, confidence,
 * latencies); once the label is known, a labelled outcome (predicted vs true digit); a form field it read; or, once
 * the field's true string is known, how its reading matched ({@link FieldMatch}).
 *
 * @param eventTimeMs      when it happened: the prediction or reading time, or for an outcome the later of that and
 *                         the label's time
 * @param predictedDigit   the digit predicted; 0 for the field kinds
 * @param trueDigit        the label for a labelled outcome, {@code null} for every other kind
 * @param field            the match for a field outcome, {@code null} for every other kind
 */
record ModelObservation(
        String model,
        long eventTimeMs,
        Kind kind,
        int predictedDigit,
        Integer trueDigit,
        double confidence,
        double inferenceLatencyMs,
        double endToEndLatencyMs,
        FieldMatch field) {

    enum Kind { PREDICTION, LABELLED_OUTCOME, FIELD_READ, FIELD_OUTCOME }

    ModelObservation {
        if ((trueDigit != null) != (kind == Kind.LABELLED_OUTCOME) || (field != null) != (kind == Kind.FIELD_OUTCOME)) {
            throw new IllegalArgumentException("a " + kind + " observation carries a true digit only as a labelled"
                    + " outcome and a field match only as a field outcome");
        }
    }

    static ModelObservation prediction(String model, long eventTimeMs, int predictedDigit, double confidence,
            double inferenceLatencyMs, double endToEndLatencyMs) {
        return new ModelObservation(model, eventTimeMs, Kind.PREDICTION, predictedDigit, null, confidence,
                inferenceLatencyMs, endToEndLatencyMs, null);
    }

    static ModelObservation labelledOutcome(String model, long eventTimeMs, int predictedDigit, int trueDigit) {
        return new ModelObservation(model, eventTimeMs, Kind.LABELLED_OUTCOME, predictedDigit, trueDigit, 0, 0, 0, null);
    }

    static ModelObservation fieldRead(String model, long eventTimeMs) {
        return new ModelObservation(model, eventTimeMs, Kind.FIELD_READ, 0, null, 0, 0, 0, null);
    }

    static ModelObservation fieldOutcome(String model, long eventTimeMs, FieldMatch match) {
        return new ModelObservation(model, eventTimeMs, Kind.FIELD_OUTCOME, 0, null, 0, 0, 0, match);
    }

    boolean isLabelledOutcome() {
        return kind == Kind.LABELLED_OUTCOME;
    }
}
