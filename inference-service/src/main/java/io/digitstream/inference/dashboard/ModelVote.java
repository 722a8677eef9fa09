package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ModelPrediction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** One model's answer for one digit, as the dashboard shows it beside the ensemble's. */
public record ModelVote(String model, int digit, double confidence) {

    /** Each model's reading of a whole field: its digits, and its confidence in the least sure of them. */
    static List<FieldVote> of(FieldReading reading) {
        Map<String, Double> least = new LinkedHashMap<>();
        for (FieldDigit digit : reading.digits()) {
            for (ModelPrediction model : digit.models()) {
                least.merge(model.model(), model.confidence(), Math::min);
            }
        }
        return reading.valuesByModel().entrySet().stream()
                .map(e -> new FieldVote(e.getKey(), e.getValue(), least.get(e.getKey())))
                .toList();
    }

    /** One model's reading of a field, as the dashboard's review queue shows it. */
    public record FieldVote(String model, String value, double leastConfidence) {
    }

    static List<ModelVote> of(DigitPrediction prediction) {
        return prediction.models().stream()
                .map(m -> new ModelVote(m.model(), m.digit(), m.confidence()))
                .toList();
    }
}
