package io.digitstream.trainer.train;

import io.digitstream.trainer.model.ModelHyperparameters;

/** One hyperparameter-search trial, judged on the validation split only. */
public record TrialResult(
        int trial,
        ModelHyperparameters model,
        TrainingConfig config,
        int epochsRun,
        double bestValLoss,
        double bestValAccuracy,
        double seconds,
        boolean selected) {
}
