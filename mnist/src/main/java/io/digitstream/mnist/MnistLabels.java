package io.digitstream.mnist;

/** Digit labels (0..9), one byte each, in the same order as the images they belong to. Shared, not copied. */
public record MnistLabels(byte[] labels) {

    public MnistLabels {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IllegalArgumentException("label " + i + " is " + Byte.toUnsignedInt(labels[i])
                        + ", not a digit 0..9");
            }
        }
    }

    public int count() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index];
    }
}
