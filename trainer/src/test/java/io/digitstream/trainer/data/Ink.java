package io.digitstream.trainer.data;

/** How much ink an image holds, for tests of filters and augmentation that must keep, add or take it. */
public final class Ink {

    private Ink() {
    }

    /** The sum of every pixel's ink (or of any values, such as a kernel's weights). */
    public static double total(float[] image) {
        double total = 0;
        for (float value : image) {
            total += value;
        }
        return total;
    }
}
