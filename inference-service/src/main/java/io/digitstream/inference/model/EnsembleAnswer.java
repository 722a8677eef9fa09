package io.digitstream.inference.model;

import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.SoftVote;
import java.util.ArrayList;
import java.util.List;

/**
 * The ensemble's part of a prediction event: {@link SoftVote}'s weighted mean and arg-max (the vote the trainer
 * measured), put into the contract's shape. Soft voting lets a confident model outvote two unsure ones, which a
 * majority vote cannot.
 */
final class EnsembleAnswer {

    private EnsembleAnswer() {
    }

    /** @param weights one per model, in the same order: the manifest's {@link io.digitstream.schemas.ModelManifest#voteWeights()} */
    static EnsemblePrediction of(List<double[]> modelProbabilities, double[] weights) {
        double[] mean = SoftVote.combine(modelProbabilities, weights);
        int digit = SoftVote.argmax(mean);
        return new EnsemblePrediction(digit, clampUnit(mean[digit]), boxed(mean));
    }

    /** Whether every model's own arg-max is the ensemble's digit. */
    static boolean agreement(List<double[]> modelProbabilities, int ensembleDigit) {
        return modelProbabilities.stream().allMatch(probabilities -> SoftVote.argmax(probabilities) == ensembleDigit);
    }

    /** The contract's list of probabilities, each within [0, 1]. */
    static List<Double> boxed(double[] probabilities) {
        List<Double> list = new ArrayList<>(probabilities.length);
        for (double p : probabilities) {
            list.add(clampUnit(p));
        }
        return list;
    }

    // Rounding in the mean can overshoot 1 by an ulp; the contract requires [0, 1].
    static double clampUnit(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
