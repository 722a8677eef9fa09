package io.digitstream.trainer.evaluate;

/** The predicted class of each row of scores (logits or probabilities); the lowest index wins a tie. */
public final class Argmax {

    private Argmax() {
    }

    public static int[] of(float[][] scores) {
        int[] predicted = new int[scores.length];
        for (int row = 0; row < scores.length; row++) {
            float[] rowScores = scores[row];
            if (rowScores.length == 0) {
                throw new IllegalArgumentException("score row " + row + " is empty");
            }
            int best = 0;
            for (int c = 1; c < rowScores.length; c++) {
                if (rowScores[c] > rowScores[best]) {
                    best = c;
                }
            }
            predicted[row] = best;
        }
        return predicted;
    }
}
