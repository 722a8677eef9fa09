package io.digitstream.trainer.evaluate;

/** Turns logits into class probabilities, row by row. */
public final class Softmax {

    private Softmax() {
    }

    public static float[][] of(float[][] logits) {
        float[][] probabilities = new float[logits.length][];
        for (int row = 0; row < logits.length; row++) {
            probabilities[row] = ofRow(logits[row], row);
        }
        return probabilities;
    }

    private static float[] ofRow(float[] logits, int row) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logit row " + row + " is empty");
        }
        // Subtracting the row maximum keeps exp() from overflowing; the result is mathematically unchanged.
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            if (!Float.isFinite(logit)) {
                throw new IllegalArgumentException("logit row " + row + " contains a non-finite value: " + logit);
            }
            max = Math.max(max, logit);
        }
        double[] exp = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            exp[c] = Math.exp(logits[c] - max);
            sum += exp[c];
        }
        float[] probabilities = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            probabilities[c] = (float) (exp[c] / sum);
        }
        return probabilities;
    }
}
