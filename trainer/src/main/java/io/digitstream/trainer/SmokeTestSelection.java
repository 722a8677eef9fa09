package io.digitstream.trainer;

import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.SmokeTestImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the manifest's smoke test: one test image per digit 0..9 with every model's own answer for it, so a service
 * loading the set can check that ONNX Runtime answers as the trained engine did. An image is preferred when every
 * model answers it with a clear margin (top-1 probability at least {@link #CLEAR_MARGIN} above the second), because
 * the parity gate bounds the engine/ONNX difference far below that, so ONNX Runtime is certain to give the same answer.
 */
public final class SmokeTestSelection {

    /** The top-1 probability must exceed the second-highest by this much for every model. */
    public static final double CLEAR_MARGIN = 0.2;

    private SmokeTestSelection() {
    }

    /**
     * One chosen image.
     *
     * @param index     its position in the test set
     * @param minMargin the smallest top-1 minus top-2 probability over the models
     * @param image     what goes into the manifest
     */
    public record Choice(int digit, int index, double minMargin, SmokeTestImage image) {

        public boolean clear() {
            return minMargin >= CLEAR_MARGIN;
        }
    }

    /**
     * For each digit, the first test image of that label that every model answers with a clear margin, or, when there
     * is none, the image of that label with the largest smallest margin.
     *
     * @param labels        the test labels
     * @param pixels        the test images as unsigned bytes, {@code labels.length x 784}, the model input being byte / 255
     * @param probabilities model name to its class probabilities per test image (manifest order is kept)
     * @throws IllegalArgumentException when the sizes disagree or a digit has no test image
     */
    public static List<Choice> select(int[] labels, byte[] pixels, Map<String, float[][]> probabilities) {
        if (probabilities.isEmpty()) {
            throw new IllegalArgumentException("a smoke test needs at least one model");
        }
        if (pixels.length != (long) labels.length * ModelContract.PIXELS) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes for " + labels.length + " images");
        }
        probabilities.forEach((model, rows) -> {
            if (rows.length != labels.length) {
                throw new IllegalArgumentException(model + ": " + rows.length + " rows of probabilities for "
                        + labels.length + " test images");
            }
        });
        List<float[][]> models = List.copyOf(probabilities.values());
        List<Choice> choices = new ArrayList<>(ModelContract.CLASSES);
        for (int digit = 0; digit < ModelContract.CLASSES; digit++) {
            int best = -1;
            double bestMargin = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != digit) {
                    continue;
                }
                double margin = minMargin(models, i);
                if (margin > bestMargin) {
                    best = i;
                    bestMargin = margin;
                }
                if (margin >= CLEAR_MARGIN) {
                    break;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("the test set has no image of digit " + digit);
            }
            choices.add(new Choice(digit, best, bestMargin, image(digit, best, pixels, probabilities)));
        }
        return choices;
    }

    /** The manifest's images, in digit order. */
    public static List<SmokeTestImage> images(List<Choice> choices) {
        return choices.stream().map(Choice::image).toList();
    }

    /** One line for the run's log. */
    public static String describe(List<Choice> choices) {
        List<String> unclear = choices.stream().filter(choice -> !choice.clear())
                .map(choice -> String.format("%d (test image %d, margin %.3f)", choice.digit(), choice.index(),
                        choice.minMargin()))
                .toList();
        return String.format("smoke test: %d test images, one per digit, %s", choices.size(),
                unclear.isEmpty() ? "every model answers each with a margin of at least " + CLEAR_MARGIN
                        : "no image with a margin of " + CLEAR_MARGIN + " for every model for digit(s) "
                                + String.join(", ", unclear) + ", took the largest");
    }

    /** Top-1 minus top-2 probability of one row. */
    static double margin(float[] row) {
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (float value : row) {
            if (value > first) {
                second = first;
                first = value;
            } else if (value > second) {
                second = value;
            }
        }
        return first - second;
    }

    /** The digit a row of probabilities answers; the lower digit wins a tie, as in {@code SoftVote.argmax}. */
    static int answer(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double minMargin(List<float[][]> models, int image) {
        double min = Double.POSITIVE_INFINITY;
        for (float[][] rows : models) {
            min = Math.min(min, margin(rows[image]));
        }
        return min;
    }

    private static SmokeTestImage image(int digit, int index, byte[] pixels, Map<String, float[][]> probabilities) {
        float[] input = new float[ModelContract.PIXELS];
        int offset = index * ModelContract.PIXELS;
        for (int p = 0; p < ModelContract.PIXELS; p++) {
            input[p] = (pixels[offset + p] & 0xFF) / 255f;
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        probabilities.forEach((model, rows) -> expected.put(model, answer(rows[index])));
        return new SmokeTestImage(digit, SmokeTestImage.encode(input), expected);
    }
}
