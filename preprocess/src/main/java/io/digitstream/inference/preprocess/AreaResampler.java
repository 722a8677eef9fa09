package io.digitstream.inference.preprocess;

/**
 * Resizes a grey image by area averaging: each output pixel is the mean of the input area it covers. This is the
 * anti-aliased resampling the MNIST recipe relies on when it shrinks a scan to 20x20 (bilinear would alias thin strokes
 * away), and it is exact for integer scale factors, which keeps the expected arrays in tests hand-computable.
 */
final class AreaResampler {

    private AreaResampler() {
    }

    /** Row-major {@code source} of {@code sourceWidth x sourceHeight} to a new row-major {@code width x height} array. */
    static float[] resample(float[] source, int sourceWidth, int sourceHeight, int width, int height) {
        float[] horizontal = new float[width * sourceHeight];
        for (int y = 0; y < sourceHeight; y++) {
            resampleLine(source, y * sourceWidth, 1, sourceWidth, horizontal, y * width, 1, width);
        }
        float[] result = new float[width * height];
        for (int x = 0; x < width; x++) {
            resampleLine(horizontal, x, width, sourceHeight, result, x, width, height);
        }
        return result;
    }

    private static void resampleLine(float[] source, int sourceStart, int sourceStride, int sourceLength,
            float[] target, int targetStart, int targetStride, int targetLength) {
        double footprint = (double) sourceLength / targetLength;
        for (int t = 0; t < targetLength; t++) {
            double from = t * footprint;
            double to = from + footprint;
            double sum = 0;
            for (int s = (int) Math.floor(from); s < Math.min(sourceLength, (int) Math.ceil(to)); s++) {
                double overlap = Math.min(to, s + 1) - Math.max(from, s);
                sum += source[sourceStart + s * sourceStride] * overlap;
            }
            target[targetStart + t * targetStride] = (float) (sum / footprint);
        }
    }
}
