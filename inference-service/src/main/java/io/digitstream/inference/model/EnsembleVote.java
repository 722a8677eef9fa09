package io.digitstream.inference.model;

import io.digitstream.schemas.EnsemblePrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Soft vote: every model's logits become probabilities (softmax), the ensemble's probabilities are their weighted
 * mean (the weights the trainer fitted on its validation split, from the manifest), and its digit is their arg-max.
 * Soft voting lets a confident model outvote two unsure ones, which a majority vote cannot.
 */
public final class EnsembleVote {

    public static final int CLASSES = 10;

    private EnsembleVote() {
    }

    /** Numerically stable softmax: the maximum logit is subtracted before exponentiating. */
    public static double[] softmax(float[] logits) {
        if (logits.length != CLASSES) {
            throw new IllegalArgumentException("expected " + CLASSES + " logits but got " + logits.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] probabilities = new double[CLASSES];
        double sum = 0;
        for (int i = 0; i < CLASSES; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < CLASSES; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    /** Index of the largest value; the lower digit wins a tie, so the result is deterministic. */
    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The weighted mean of the models' probability vectors for one image.
     *
     * @param weights one per model, in the same order; a verified manifest guarantees they are in [0, 1] and sum to 1
     */
    public static EnsemblePrediction vote(List<double[]> modelProbabilities, double[] weights) {
        if (modelProbabilities.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        if (weights.length != modelProbabilities.size()) {
            throw new IllegalArgumentException(weights.length + " vote weights for " + modelProbabilities.size()
                    + " models");
        }
        double[] mean = new double[CLASSES];
        for (int m = 0; m < weights.length; m++) {
            double[] probabilities = modelProbabilities.get(m);
            for (int i = 0; i < CLASSES; i++) {
                mean[i] += weights[m] * probabilities[i];
            }
        }
        int digit = argmax(mean);
        return new EnsemblePrediction(digit, clampUnit(mean[digit]), boxed(mean));
    }

    /** Whether every model's own arg-max is the ensemble's digit. */
    public static boolean agreement(List<double[]> modelProbabilities, int ensembleDigit) {
        return modelProbabilities.stream().allMatch(probabilities -> argmax(probabilities) == ensembleDigit);
    }

    static List<Double> boxed(double[] probabilities) {
        List<Double> list = new ArrayList<>(probabilities.length);
        for (double p : probabilities) {
            list.add(clampUnit(p));
        }
        return list;
    }

    // Rounding in the mean can overshoot 1 by an ulp; the contract requires [0, 1].
    private static double clampUnit(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
