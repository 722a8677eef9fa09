package io.digitstream.inference.preprocess;

/**
 * A decoded image as luminance in [0, 1] (0 = black, 1 = white), row-major, before any polarity decision.
 */
record GrayImage(int width, int height, float[] luminance) {

    GrayImage {
        if (luminance.length != width * height) {
            throw new IllegalArgumentException(
                    "luminance holds " + luminance.length + " values, expected " + width + "x" + height);
        }
    }

    float at(int x, int y) {
        return luminance[y * width + x];
    }
}
