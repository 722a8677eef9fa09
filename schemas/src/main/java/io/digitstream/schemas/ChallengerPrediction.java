package io.digitstream.schemas;

import java.util.List;

/**
 * The challenger set's answer for the same image, made on the same batch as the champion's: published so its live
 * accuracy can be judged beside the champion's, but it never decides the ensemble, the review queue or the DLQ.
 *
 * @param modelSet  the challenger set's version (its manifest's runId)
 * @param agreement whether every challenger model predicted the challenger ensemble's digit
 */
public record ChallengerPrediction(String modelSet, List<ModelPrediction> models, EnsemblePrediction ensemble,
        boolean agreement) {

    public ChallengerPrediction {
        Require.text(modelSet, "challenger.modelSet", 128);
        models = Require.nonEmpty(models, "challenger.models");
        Require.present(ensemble, "challenger.ensemble");
    }
}
