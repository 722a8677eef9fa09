package io.digitstream.inference.preprocess;

import io.digitstream.schemas.ModelContract;
import java.util.Arrays;

/**
 * The MNIST recipe for a scan of any size and polarity: make ink bright on a dark background, remove the paper's grey
 * level and faint noise, crop to the ink's bounding box, fit that box into 20x20 keeping its aspect ratio, widen a pen
 * the fit made finer than MNIST's ({@link StrokeWidth}), and place it in a 28x28 field so that its centre of mass is
 * at the centre. Output: 784 floats in [0, 1], ink = 1.
 */
public final class MnistNormalizer {

    private static final int SIDE = ModelContract.SIDE;
    private static final int PIXELS = ModelContract.PIXELS;
    static final int FIT_BOX = 20;

    private final float inkThreshold;

    /** The service's default {@code digitstream.preprocess.ink-threshold} (a test keeps them equal). */
    public static final double DEFAULT_INK_THRESHOLD = 0.2;

    /** @param inkThreshold ink weaker than this (0..1, after background removal) is treated as paper noise */
    public MnistNormalizer(double inkThreshold) {
        if (!(inkThreshold > 0 && inkThreshold < 1)) {
            throw new IllegalArgumentException("ink threshold must be in (0, 1) but was " + inkThreshold);
        }
        this.inkThreshold = (float) inkThreshold;
    }

    float inkThreshold() {
        return inkThreshold;
    }

    /** A blank image (no ink anywhere) yields an all-zero field: the models still answer, with low confidence. */
    float[] normalize(GrayImage image) {
        return normalizeInk(inkLevels(image), image.width(), image.height());
    }

    /** The recipe from the crop on, for ink levels already made (0..1, ink = 1, under the threshold = 0). */
    float[] normalizeInk(float[] ink, int imageWidth, int imageHeight) {
        InkBox box = InkBox.of(ink, imageWidth, imageHeight, inkThreshold);
        if (box == null) {
            return new float[PIXELS];
        }
        float[] cropped = box.crop(ink, imageWidth);
        double scale = (double) FIT_BOX / Math.max(box.width(), box.height());
        int width = Math.max(1, (int) Math.round(box.width() * scale));
        int height = Math.max(1, (int) Math.round(box.height() * scale));
        StrokeWidth.Fitted fitted = StrokeWidth.repair(
                AreaResampler.resample(cropped, box.width(), box.height(), width, height), width, height);
        return placeByCentreOfMass(fitted.pixels(), fitted.width(), fitted.height());
    }

    /**
     * Ink intensity per pixel in [0, 1]. The paper is whatever dominates the border, so its brightness decides the
     * polarity; its level is subtracted and the strongest ink stretched to 1, which makes a grey, faint scan look like
     * MNIST. Values under the ink threshold become exact zeros, as MNIST's background is.
     */
    float[] inkLevels(GrayImage image) {
        float paper = borderMedian(image);
        boolean darkInkOnLightPaper = paper > 0.5f;
        float[] luminance = image.luminance();
        float[] ink = new float[luminance.length];
        float paperInk = darkInkOnLightPaper ? 1 - paper : paper;
        float strongest = 0;
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (darkInkOnLightPaper ? 1 - luminance[i] : luminance[i]) - paperInk;
            strongest = Math.max(strongest, ink[i]);
        }
        for (int i = 0; i < ink.length; i++) {
            float level = strongest > 0 ? ink[i] / strongest : 0;
            ink[i] = level < inkThreshold ? 0 : Math.min(1, level);
        }
        return ink;
    }

    private static float borderMedian(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] border = new float[w == 1 || h == 1 ? w * h : 2 * w + 2 * (h - 2)];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    border[n++] = image.at(x, y);
                }
            }
        }
        Arrays.sort(border, 0, n);
        return border[n / 2];
    }

    /**
     * Integer shift, as in the original recipe, that brings the centre of mass closest to the field's centre (13.5,
     * 13.5), clamped so the fitted digit is never cut off.
     */
    private static float[] placeByCentreOfMass(float[] fitted, int width, int height) {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = fitted[y * width + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        double centre = (SIDE - 1) / 2.0;
        int left = clamp((int) Math.round(centre - sumX / mass), SIDE - width);
        int top = clamp((int) Math.round(centre - sumY / mass), SIDE - height);
        float[] field = new float[PIXELS];
        for (int y = 0; y < height; y++) {
            System.arraycopy(fitted, y * width, field, (top + y) * SIDE + left, width);
        }
        return field;
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }

    /** Bounding box of the ink pixels that have at least one inked neighbour, so isolated specks do not widen it. */
    private record InkBox(int left, int top, int width, int height) {

        static InkBox of(float[] ink, int imageWidth, int imageHeight, float threshold) {
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            for (int y = 0; y < imageHeight; y++) {
                for (int x = 0; x < imageWidth; x++) {
                    if (ink[y * imageWidth + x] >= threshold && hasInkedNeighbour(ink, imageWidth, imageHeight, x, y, threshold)) {
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxX = Math.max(maxX, x);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            return maxX < 0 ? null : new InkBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        }

        private static boolean hasInkedNeighbour(float[] ink, int w, int h, int x, int y, float threshold) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    int ny = y + dy;
                    if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h && ink[ny * w + nx] >= threshold) {
                        return true;
                    }
                }
            }
            return false;
        }

        float[] crop(float[] ink, int imageWidth) {
            float[] cropped = new float[width * height];
            for (int y = 0; y < height; y++) {
                System.arraycopy(ink, (top + y) * imageWidth + left, cropped, y * width, width);
            }
            return cropped;
        }
    }
}
