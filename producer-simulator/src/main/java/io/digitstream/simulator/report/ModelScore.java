package io.digitstream.simulator.report;

import java.util.List;

/** Accumulates accuracy and log-loss for one model from its predictions and the true labels. */
public final class ModelScore {

    /** Log-loss of a probability of exactly 0 would be infinite; clip like scikit-learn does. */
    static final double MIN_PROBABILITY = 1e-15;

    private long predictions;
    private long labelled;
    private long correct;
    private double logLossSum;

    public synchronized void record(int predictedDigit, List<Double> probabilities, int trueLabel) {
        predictions++;
        labelled++;
        if (predictedDigit == trueLabel) {
            correct++;
        }
        logLossSum += logLoss(probabilities, trueLabel);
    }

    public synchronized ModelQuality quality() {
        if (labelled == 0) {
            return new ModelQuality(predictions, 0, null, null);
        }
        return new ModelQuality(predictions, labelled, (double) correct / labelled, logLossSum / labelled);
    }

    static double logLoss(List<Double> probabilities, int trueLabel) {
        if (trueLabel < 0 || trueLabel >= probabilities.size()) {
            throw new IllegalArgumentException(
                    "label " + trueLabel + " outside the " + probabilities.size() + " predicted classes");
        }
        double p = probabilities.get(trueLabel);
        return -Math.log(Math.min(1.0, Math.max(MIN_PROBABILITY, p)));
    }
}
