package io.digitstream.inference.metrics;

/**
 * One fact about one model (or the ensemble) that the metrics aggregate: either a prediction it made (digit,
 * confidence, latencies) or, once the label is known, a labelled outcome (predicted vs true digit).
 *
 * @param eventTimeMs      when it happened: the prediction time, or for an outcome the later of prediction and label
 * @param trueDigit        {@code null} for a prediction, the label for a labelled outcome
 */
record ModelObservation(
        String model,
        long eventTimeMs,
        int predictedDigit,
        Integer trueDigit,
        double confidence,
        double inferenceLatencyMs,
        double endToEndLatencyMs) {

    static ModelObservation prediction(String model, long eventTimeMs, int predictedDigit, double confidence,
            double inferenceLatencyMs, double endToEndLatencyMs) {
        return new ModelObservation(model, eventTimeMs, predictedDigit, null, confidence, inferenceLatencyMs,
                endToEndLatencyMs);
    }

    static ModelObservation labelledOutcome(String model, long eventTimeMs, int predictedDigit, int trueDigit) {
        return new ModelObservation(model, eventTimeMs, predictedDigit, trueDigit, 0, 0, 0);
    }

    boolean isLabelledOutcome() {
        return trueDigit != null;
    }
}
