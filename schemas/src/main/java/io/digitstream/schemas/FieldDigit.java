package io.digitstream.schemas;

import java.util.List;

/** One digit of a {@link FieldReading}: its box, the ensemble's answer and every model's. */
public record FieldDigit(DigitBox box, EnsemblePrediction ensemble, List<ModelPrediction> models, boolean agreement) {

    public FieldDigit {
        Require.present(box, "box");
        Require.present(ensemble, "ensemble");
        models = Require.nonEmpty(models, "models");
    }
}
