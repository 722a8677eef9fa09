package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;

/**
 * What a scanner and a pen do to a digit, as filters on one 28x28 image in MNIST polarity (ink 1, paper 0). Outside
 * the image is paper. Training augmentation draws their strengths at random; the report's degraded test sets use
 * fixed ones, so both mean the same thing by "thick pen" or "low resolution".
 * <p>
 * Augmentation runs these on every training image of every epoch, between the engine's steps, so the loops avoid
 * per-pixel bounds checks (a paper border around the image, ranges worked out once) while adding the same terms in
 * the same order as the plain versions: the results match those bit for bit
 * ({@code AugmentationMatchesReferenceTest}), so a faster filter trains the same model.
 */
public final class DigitFilters {

    private static final int SIDE = ModelContract.SIDE;
    private static final int PIXELS = ModelContract.PIXELS;

    /** The standard JPEG luminance quantisation table (ITU T.81, Annex K), for quality 50. */
    static final int[] JPEG_LUMINANCE = {
            16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
            14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
            18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    private static final int BLOCK = 8;
    private static final int JPEG_SIDE = 32;
    /** A 28x28 image with a one-pixel paper border ({@link #framed}). */
    static final int FRAMED_SIDE = SIDE + 2;
    /** The 8x8 DCT-II matrix, row k = frequency k ({@code [k * 8 + n]}), and its transpose for the inverse. */
    private static final double[] DCT = dctBasis(false);
    private static final double[] DCT_TRANSPOSED = dctBasis(true);

    private DigitFilters() {
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

    /** {@code from} moved a {@code share} (0..1) of the way to {@code to}: a partial thickening or thinning. */
    public static float[] blend(float[] from, float[] to, float share) {
        float[] out = new float[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = from[i] + share * (to[i] - from[i]);
        }
        return out;
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
        return separable(image, gaussianKernel(sigma));
    }

    /** Normalised Gaussian weights over +-3 sigma. */
    public static float[] gaussianKernel(float sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2.0 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /**
     * Rows then columns convolved with one odd-length kernel on a {@code side} x {@code side} grid, outside = 0. Also
     * smooths the elastic distortion's displacement fields. Tap by tap over the whole grid, so the JIT can use vector
     * instructions; each pixel still adds its terms in kernel order, as a loop over the taps per pixel would.
     */
    public static float[] separable(float[] image, float[] kernel, int side) {
        int radius = kernel.length / 2;
        float[] rows = new float[image.length];
        float[] out = new float[image.length];
        for (int k = -radius; k <= radius; k++) {
            float weight = kernel[k + radius];
            int first = Math.max(0, -k);
            int end = Math.min(side, side - k);
            for (int line = 0; line < side * side; line += side) {
                for (int i = line + first; i < line + end; i++) {
                    rows[i] += image[i + k] * weight;
                }
            }
        }
        for (int k = -radius; k <= radius; k++) {
            float weight = kernel[k + radius];
            int firstRow = Math.max(0, -k);
            int endRow = Math.min(side, side - k);
            int shift = k * side;
            for (int i = firstRow * side; i < endRow * side; i++) {
                out[i] += rows[i + shift] * weight;
            }
        }
        return out;
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
            table[i] = Math.max(1, Math.min(255, (JPEG_LUMINANCE[i] * scale + 50) / 100));
        }
        // Paper is white in a scan: grey level 255 - 255 * ink, centred on 0 as the encoder does; the padding is paper.
        double[] grey = new double[JPEG_SIDE * JPEG_SIDE];
        java.util.Arrays.fill(grey, 127);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                grey[y * JPEG_SIDE + x] = 255 - Math.round(255 * clamp(image[y * SIDE + x])) - 128.0;
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
     * The service's ink floor: levels under {@code threshold} become paper, as its preprocessing does before the
     * models see a scan, so noise the service would never pass on is not trained on either.
     */
    public static float[] inkFloor(float[] image, float threshold) {
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            float value = clamp(image[i]);
            out[i] = value < threshold ? 0 : value;
        }
        return out;
    }

    /** Into [0, 1]; NaN counts as paper. */
    static float clamp(float value) {
        return value > 0 ? Math.min(1, value) : 0;
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
        int[] cellOf = new int[SIDE];
        for (int i = 0; i < SIDE; i++) {
            cellOf[i] = (int) (i * scale);
        }
        for (int y = 0; y < SIDE; y++) {
            int row = cellOf[y] * lowSide;
            for (int x = 0; x < SIDE; x++) {
                int cell = row + cellOf[x];
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
        int[] near = new int[SIDE];
        int[] far = new int[SIDE];
        double[] weight = new double[SIDE];
        for (int i = 0; i < SIDE; i++) {
            double source = Math.max(0, Math.min(lowSide - 1, (i + 0.5) * scale - 0.5));
            near[i] = (int) source;
            far[i] = Math.min(lowSide - 1, near[i] + 1);
            weight[i] = source - near[i];
        }
        for (int y = 0; y < SIDE; y++) {
            int top0 = near[y] * lowSide;
            int bottom0 = far[y] * lowSide;
            double fy = weight[y];
            for (int x = 0; x < SIDE; x++) {
                int x0 = near[x];
                int x1 = far[x];
                double fx = weight[x];
                double top = low[top0 + x0] * (1 - fx) + low[top0 + x1] * fx;
                double bottom = low[bottom0 + x0] * (1 - fx) + low[bottom0 + x1] * fx;
                image[y * SIDE + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return image;
    }

    /**
     * The 28x28 image at {@code image[offset..offset+784)} sampled bilinearly at (x, y), pixel centres at integers;
     * outside the image is paper. For single samples; the augmenter's moves, 784 samples of one image, go through
     * {@link #bilinearFramed}, which gives the same values.
     */
    public static float bilinear(float[] image, int offset, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        return (1 - fx) * (1 - fy) * pixel(image, offset, x0, y0)
                + fx * (1 - fy) * pixel(image, offset, x0 + 1, y0)
                + (1 - fx) * fy * pixel(image, offset, x0, y0 + 1)
                + fx * fy * pixel(image, offset, x0 + 1, y0 + 1);
    }

    private static float pixel(float[] image, int offset, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : image[offset + y * SIDE + x];
    }

    /** {@code (int) Math.floor(value)} for values in int range, without the round trip through double. */
    private static int floor(float value) {
        int truncated = (int) value;
        return truncated > value ? truncated - 1 : truncated;
    }

    /** Dilation: the brightest of the 3x3 neighbourhood; erosion: the darkest of the pixel and its 4 neighbours. */
    private static float[] neighbourhood(float[] image, boolean dilate) {
        checkSize(image);
        float[] framed = framed(image, 0);
        float[] out = new float[PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int at = (y + 1) * FRAMED_SIDE + x + 1;
                float value = framed[at];
                float left = framed[at - 1];
                float right = framed[at + 1];
                float up = framed[at - FRAMED_SIDE];
                float down = framed[at + FRAMED_SIDE];
                if (dilate) {
                    value = Math.max(Math.max(Math.max(value, left), Math.max(right, up)), down);
                    value = Math.max(Math.max(value, framed[at - FRAMED_SIDE - 1]),
                            Math.max(framed[at - FRAMED_SIDE + 1], framed[at + FRAMED_SIDE - 1]));
                    value = Math.max(value, framed[at + FRAMED_SIDE + 1]);
                } else {
                    value = Math.min(Math.min(Math.min(value, left), Math.min(right, up)), down);
                }
                out[y * SIDE + x] = value;
            }
        }
        return out;
    }

    /**
     * The 28x28 image at {@code image[offset..)} inside a one-pixel paper border, 30x30: a pixel's neighbours, and
     * the four a bilinear sample reads, are then all in the array.
     */
    static float[] framed(float[] image, int offset) {
        float[] framed = new float[FRAMED_SIDE * FRAMED_SIDE];
        for (int y = 0; y < SIDE; y++) {
            System.arraycopy(image, offset + y * SIDE, framed, (y + 1) * FRAMED_SIDE + 1, SIDE);
        }
        return framed;
    }

    /**
     * {@link #bilinear} on a {@link #framed} image: the same sum in the same order, without a bounds test per
     * neighbour. Samples whose four neighbours are all outside the image are paper.
     */
    static float bilinearFramed(float[] framed, float x, float y) {
        if (!(x >= -1 && x < SIDE && y >= -1 && y < SIDE)) {
            return 0f;
        }
        int x0 = floor(x);
        int y0 = floor(y);
        float fx = x - x0;
        float fy = y - y0;
        int at = (y0 + 1) * FRAMED_SIDE + x0 + 1;
        return (1 - fx) * (1 - fy) * framed[at]
                + fx * (1 - fy) * framed[at + 1]
                + (1 - fx) * fy * framed[at + FRAMED_SIDE]
                + fx * fy * framed[at + FRAMED_SIDE + 1];
    }

    /**
     * The 8x8 DCT-II of {@code block} in place (or its inverse), through {@code scratch}: M x block, then
     * (M x block) x M', M the DCT matrix (its transpose for the inverse). Term by term over a row at a time, so the JIT
     * can use vector instructions; each coefficient still adds its eight terms in order.
     */
    private static void transform(double[] block, double[] scratch, boolean inverse) {
        double[] matrix = inverse ? DCT_TRANSPOSED : DCT;
        double[] columns = inverse ? DCT : DCT_TRANSPOSED; // matrix[k * 8 + n] at [n * 8 + k]
        java.util.Arrays.fill(scratch, 0);
        for (int k = 0; k < BLOCK; k++) {
            int row = k * BLOCK;
            for (int n = 0; n < BLOCK; n++) {
                double weight = matrix[row + n];
                int from = n * BLOCK;
                for (int x = 0; x < BLOCK; x++) {
                    scratch[row + x] += block[from + x] * weight;
                }
            }
        }
        java.util.Arrays.fill(block, 0);
        for (int y = 0; y < BLOCK; y++) {
            int line = y * BLOCK;
            for (int n = 0; n < BLOCK; n++) {
                double value = scratch[line + n];
                int from = n * BLOCK;
                for (int k = 0; k < BLOCK; k++) {
                    block[line + k] += value * columns[from + k];
                }
            }
        }
    }

    private static double[] dctBasis(boolean transposed) {
        double[] basis = new double[BLOCK * BLOCK];
        for (int u = 0; u < BLOCK; u++) {
            double c = u == 0 ? Math.sqrt(1.0 / BLOCK) : Math.sqrt(2.0 / BLOCK);
            for (int x = 0; x < BLOCK; x++) {
                basis[transposed ? x * BLOCK + u : u * BLOCK + x] = c * Math.cos((2 * x + 1) * u * Math.PI / (2 * BLOCK));
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
