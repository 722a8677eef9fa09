package io.digitstream.simulator.source;

import io.digitstream.mnist.MnistImages;
import io.digitstream.mnist.MnistLabels;
import io.digitstream.mnist.MnistSplit;

/** Hand-made MNIST-shaped digits: image i is a filled ink rectangle, labelled i % 10. */
public final class TestDigits {

    static final int SIDE = 28;
    /** Ink occupies rows and columns 8..19 of every test digit. */
    static final int INK_FROM = 8;
    static final int INK_TO = 19;

    private TestDigits() {
    }

    public static MnistSplit split(int count) {
        byte[] pixels = new byte[count * SIDE * SIDE];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            for (int y = INK_FROM; y <= INK_TO; y++) {
                for (int x = INK_FROM; x <= INK_TO; x++) {
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) 255;
                }
            }
            labels[i] = (byte) (i % 10);
        }
        return new MnistSplit(new MnistImages(count, SIDE, SIDE, pixels), new MnistLabels(labels));
    }
}
