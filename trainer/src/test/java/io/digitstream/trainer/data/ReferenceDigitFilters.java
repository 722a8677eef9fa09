package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;

/**
 * The scan filters the speed-up rewrote, as first written (commit 4edbd4b), plain and slow: the reference
 * {@link DigitFilters} must match bit for bit, so making the filters faster changes no trained model. What it did not
 * rewrite (blend, the Gaussian kernel, the ink floor, single bilinear samples) is called where it stands.
 */
final class ReferenceDigitFilters {

    private static final int SIDE = ModelContract.SIDE;
    private static final int PIXELS = ModelContract.PIXELS;

    private static final int BLOCK = 8;
    private static final int JPEG_SIDE = 32;
    private static final double[][] DCT = dctBasis();

    private ReferenceDigitFilters() {
    }

    /** A coarse scan: area-averaged down to {@code lowSide} x {@code lowSide} and scaled back up bilinearly. */
    public static float[] lowResolution(float[] image, int lowSide) {
        if (lowSide < 2 || lowSide > SIDE) {
            throw new IllegalArgumentException("low resolution must be 2.." + SIDE + " px, not " + lowSide);
        }
        return upscale(downscale(image, lowSide), lowSide);
    }

    /** A thick pen: every pixel the brightest of its 3x3 neighbourhood. */
    public static float[] dilate(float[] image) {
        return neighbourhood(image, true);
    }

    /** A thin pen or a faint scan: every pixel the darkest of itself and its four neighbours. */
    public static float[] erode(float[] image) {
        return neighbourhood(image, false);
    }

    /** The 3x3 binomial blur [1 2 1]x[1 2 1]/16. */
    public static float[] binomialBlur(float[] image) {
        return separable(image, new float[] {0.25f, 0.5f, 0.25f});
    }

    /** A Gaussian blur of standard deviation {@code sigma} pixels (an out-of-focus scan). */
    public static float[] gaussianBlur(float[] image, float sigma) {
        if (!(sigma > 0 && sigma <= 5)) {
            throw new IllegalArgumentException("blur sigma must be in (0, 5] px, not " + sigma);
        }
        return separable(image, DigitFilters.gaussianKernel(sigma));
    }

    /**
     * Rows then columns convolved with one odd-length kernel on a {@code side} x {@code side} grid, outside = 0. Also
     * smooths the elastic distortion's displacement fields.
     */
    public static float[] separable(float[] image, float[] kernel, int side) {
        float[] rows = new float[image.length];
        float[] out = new float[image.length];
        for (int line = 0; line < side; line++) {
            convolveLine(image, line * side, 1, kernel, side, rows);
        }
        for (int line = 0; line < side; line++) {
            convolveLine(rows, line, side, kernel, side, out);
        }
        return out;
    }

    /** One row ({@code stride} 1) or column ({@code stride} side) of {@code in} convolved into {@code out}. */
    private static void convolveLine(float[] in, int start, int stride, float[] kernel, int side, float[] out) {
        int radius = kernel.length / 2;
        for (int i = 0; i < side; i++) {
            float sum = 0;
            for (int k = -radius; k <= radius; k++) {
                int n = i + k;
                if (n >= 0 && n < side) {
                    sum += in[start + n * stride] * kernel[k + radius];
                }
            }
            out[start + i * stride] = sum;
        }
    }

    private static float[] separable(float[] image, float[] kernel) {
        checkSize(image);
        return separable(image, kernel, SIDE);
    }

    /**
     * The digit saved as a greyscale JPEG of {@code quality} (1..100, the IJG scale) and read back: 8x8 DCT blocks
     * quantised with the standard table, then rounded to 8-bit grey, so the ringing and blocking are a real encoder's.
     */
    public static float[] jpeg(float[] image, int quality) {
        checkSize(image);
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, not " + quality);
        }
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] table = new int[BLOCK * BLOCK];
        for (int i = 0; i < table.length; i++) {
            table[i] = Math.max(1, Math.min(255, (DigitFilters.JPEG_LUMINANCE[i] * scale + 50) / 100));
        }
        // Paper is white in a scan: grey level 255 - 255 * ink, centred on 0 as the encoder does; the padding is paper.
        double[] grey = new double[JPEG_SIDE * JPEG_SIDE];
        java.util.Arrays.fill(grey, 127);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                grey[y * JPEG_SIDE + x] = 255 - Math.round(255 * DigitFilters.clamp(image[y * SIDE + x])) - 128.0;
            }
        }
        double[] block = new double[BLOCK * BLOCK];
        double[] half = new double[BLOCK * BLOCK];
        float[] out = new float[PIXELS];
        for (int by = 0; by < JPEG_SIDE; by += BLOCK) {
            for (int bx = 0; bx < JPEG_SIDE; bx += BLOCK) {
                for (int y = 0; y < BLOCK; y++) {
                    System.arraycopy(grey, (by + y) * JPEG_SIDE + bx, block, y * BLOCK, BLOCK);
                }
                // The 2-D DCT is separable: columns, then rows; quantise; then the inverse the same way.
                transform(block, half, false);
                for (int i = 0; i < block.length; i++) {
                    block[i] = Math.round(block[i] / table[i]) * (double) table[i];
                }
                transform(block, half, true);
                for (int y = 0; y < BLOCK && by + y < SIDE; y++) {
                    for (int x = 0; x < BLOCK && bx + x < SIDE; x++) {
                        long level = Math.max(0, Math.min(255, Math.round(block[y * BLOCK + x] + 128)));
                        out[(by + y) * SIDE + bx + x] = (255 - level) / 255f;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Area averaging onto a {@code lowSide} x {@code lowSide} grid: each low pixel the mean of the source pixels its
     * cell covers (a coarse scan of the digit).
     */
    public static float[] downscale(float[] image, int lowSide) {
        checkSize(image);
        if (lowSide < 1 || lowSide > SIDE) {
            throw new IllegalArgumentException("a low grid must be 1.." + SIDE + " px, not " + lowSide);
        }
        float[] low = new float[lowSide * lowSide];
        float[] weight = new float[lowSide * lowSide];
        double scale = (double) lowSide / SIDE;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int cell = (int) (y * scale) * lowSide + (int) (x * scale);
                low[cell] += image[y * SIDE + x];
                weight[cell]++;
            }
        }
        for (int i = 0; i < low.length; i++) {
            low[i] = weight[i] == 0 ? 0 : low[i] / weight[i];
        }
        return low;
    }

    /** Bilinear, sampling the low grid at each target pixel's centre. */
    private static float[] upscale(float[] low, int lowSide) {
        float[] image = new float[PIXELS];
        double scale = (double) lowSide / SIDE;
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.max(0, Math.min(lowSide - 1, (y + 0.5) * scale - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(lowSide - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < SIDE; x++) {
                double sx = Math.max(0, Math.min(lowSide - 1, (x + 0.5) * scale - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(lowSide - 1, x0 + 1);
                double fx = sx - x0;
                double top = low[y0 * lowSide + x0] * (1 - fx) + low[y0 * lowSide + x1] * fx;
                double bottom = low[y1 * lowSide + x0] * (1 - fx) + low[y1 * lowSide + x1] * fx;
                image[y * SIDE + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return image;
    }

    /** Dilation: the brightest of the 3x3 neighbourhood; erosion: the darkest of the pixel and its 4 neighbours. */
    private static float[] neighbourhood(float[] image, boolean dilate) {
        checkSize(image);
        float[] out = new float[PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float value = image[y * SIDE + x];
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        boolean cross = dx == 0 || dy == 0;
                        if (!dilate && !cross) {
                            continue;
                        }
                        int nx = x + dx;
                        int ny = y + dy;
                        float neighbour = nx < 0 || ny < 0 || nx >= SIDE || ny >= SIDE ? 0 : image[ny * SIDE + nx];
                        value = dilate ? Math.max(value, neighbour) : Math.min(value, neighbour);
                    }
                }
                out[y * SIDE + x] = value;
            }
        }
        return out;
    }

    /** The 8x8 DCT-II of {@code block} in place (or its inverse), through {@code scratch}. */
    private static void transform(double[] block, double[] scratch, boolean inverse) {
        for (int k = 0; k < BLOCK; k++) {
            for (int x = 0; x < BLOCK; x++) {
                double sum = 0;
                for (int n = 0; n < BLOCK; n++) {
                    sum += block[n * BLOCK + x] * (inverse ? DCT[n][k] : DCT[k][n]);
                }
                scratch[k * BLOCK + x] = sum;
            }
        }
        for (int y = 0; y < BLOCK; y++) {
            for (int k = 0; k < BLOCK; k++) {
                double sum = 0;
                for (int n = 0; n < BLOCK; n++) {
                    sum += scratch[y * BLOCK + n] * (inverse ? DCT[n][k] : DCT[k][n]);
                }
                block[y * BLOCK + k] = sum;
            }
        }
    }

    private static double[][] dctBasis() {
        double[][] basis = new double[BLOCK][BLOCK];
        for (int u = 0; u < BLOCK; u++) {
            double c = u == 0 ? Math.sqrt(1.0 / BLOCK) : Math.sqrt(2.0 / BLOCK);
            for (int x = 0; x < BLOCK; x++) {
                basis[u][x] = c * Math.cos((2 * x + 1) * u * Math.PI / (2 * BLOCK));
            }
        }
        return basis;
    }

    private static void checkSize(float[] image) {
        if (image.length != PIXELS) {
            throw new IllegalArgumentException("a " + SIDE + "x" + SIDE + " image has " + PIXELS + " pixels, not "
                    + image.length);
        }
    }
}
