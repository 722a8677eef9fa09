package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;

/**
 * Labelled digit images as the models consume them: {@code pixels} holds {@code count * 784} floats in [0,1], row-major,
 * MNIST polarity (ink = 1).
 */
public record DigitSet(float[] pixels, int[] labels) {

    public DigitSet {
        if (pixels.length != labels.length * ModelContract.PIXELS) {
            throw new IllegalArgumentException(
                    "pixels hold " + pixels.length + " values, expected " + labels.length + " x " + ModelContract.PIXELS);
        }
    }

    /** Scales raw unsigned bytes (0..255) to [0,1]; labels must be digits 0..9. */
    public static DigitSet fromBytes(byte[] pixels, byte[] labels) {
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xFF) / 255f;
        }
        int[] digits = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            digits[i] = labels[i] & 0xFF;
            if (digits[i] >= ModelContract.CLASSES) {
                throw new IllegalArgumentException("label " + digits[i] + " at index " + i + " is not a digit 0-9");
            }
        }
        return new DigitSet(scaled, digits);
    }

    public int count() {
        return labels.length;
    }

    /** The images at {@code indices}, in that order. */
    public DigitSet subset(int[] indices) {
        float[] chosenPixels = new float[indices.length * ModelContract.PIXELS];
        int[] chosenLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * ModelContract.PIXELS, chosenPixels, i * ModelContract.PIXELS, ModelContract.PIXELS);
            chosenLabels[i] = labels[indices[i]];
        }
        return new DigitSet(chosenPixels, chosenLabels);
    }

    /** This set followed by {@code extra} repeated {@code times} times (reviewed scans weighed beside MNIST). */
    public DigitSet plus(DigitSet extra, int times) {
        float[] joinedPixels = new float[pixels.length + extra.pixels.length * times];
        int[] joinedLabels = new int[labels.length + extra.labels.length * times];
        System.arraycopy(pixels, 0, joinedPixels, 0, pixels.length);
        System.arraycopy(labels, 0, joinedLabels, 0, labels.length);
        for (int t = 0; t < times; t++) {
            System.arraycopy(extra.pixels, 0, joinedPixels, pixels.length + t * extra.pixels.length, extra.pixels.length);
            System.arraycopy(extra.labels, 0, joinedLabels, labels.length + t * extra.labels.length, extra.labels.length);
        }
        return new DigitSet(joinedPixels, joinedLabels);
    }
}
