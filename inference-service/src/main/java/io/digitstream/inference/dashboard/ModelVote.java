package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitPrediction;
import java.util.List;

/** One model's answer for one digit, as the dashboard shows it beside the ensemble's. */
public record ModelVote(String model, int digit, double confidence) {

    static List<ModelVote> of(DigitPrediction prediction) {
        return prediction.models().stream()
                .map(m -> new ModelVote(m.model(), m.digit(), m.confidence()))
                .toList();
    }
}
