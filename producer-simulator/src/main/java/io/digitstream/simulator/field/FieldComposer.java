package io.digitstream.simulator.field;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.simulator.source.GrayscaleImages;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Composes form fields (postcodes, amounts, account numbers) from MNIST digits the way people write them on paper:
 * side by side with uneven gaps, sometimes touching, in a printed comb box or on an underline, with the size, baseline,
 * pen width, blur and noise of real scans. Only ever give it the MNIST <em>test</em> split: fields measure models,
 * so they must not hold digits the models learnt from.
 */
public final class FieldComposer {

    /** A digit's ink height in the field at scale 1: about what a 300 dpi scan of handwriting gives. */
    static final int DIGIT_HEIGHT = 32;
    static final int MARGIN = 8;

    private final MnistSplit split;

    public FieldComposer(MnistSplit split) {
        if (split.size() == 0) {
            throw new IllegalArgumentException("the MNIST split is empty");
        }
        this.split = split;
    }

    /** A field of random test digits, its length drawn from the style. */
    public ComposedField compose(FieldStyle style, RandomGenerator random) {
        int length = style.minDigits() + random.nextInt(style.maxDigits() - style.minDigits() + 1);
        int[] indices = new int[length];
        for (int i = 0; i < length; i++) {
            indices[i] = random.nextInt(split.size());
        }
        return compose(indices, style, random);
    }

    /** A field of the given test digits, left to right. */
    public ComposedField compose(int[] indices, FieldStyle style, RandomGenerator random) {
        boolean comb = random.nextDouble() < style.combBoxShare();
        boolean underline = !comb && random.nextDouble() < style.underlineShare();
        boolean vary = style.variation();
        int pen = vary ? random.nextInt(3) - 1 : 0; // -1 thin, 0 as written, +1 thick
        List<Ink> digits = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int index : indices) {
            double scale = vary ? 0.85 + 0.3 * random.nextDouble() : 1;
            digits.add(Ink.ofMnist(split.images().image(index), split.images().rows(), scale, pen));
            value.append(split.labels().label(index));
        }
        int cell = (int) Math.round(DIGIT_HEIGHT * 1.3);
        int height = DIGIT_HEIGHT + 2 * MARGIN + 12;
        // Where each digit goes: its left edge, from gaps (or cells) drawn first.
        int[] lefts = new int[digits.size()];
        int touching = 0;
        int x = MARGIN;
        for (int i = 0; i < digits.size(); i++) {
            Ink digit = digits.get(i);
            if (comb) {
                lefts[i] = MARGIN + i * cell + Math.max(3, (cell - digit.width) / 2);
                continue;
            }
            if (i > 0) {
                boolean touch = random.nextDouble() < style.touchingShare();
                int gap = touch ? -random.nextInt(4) : 2 + random.nextInt(11);
                touching += touch ? 1 : 0;
                x += gap;
            }
            lefts[i] = x;
            x += digit.width;
        }
        int width = comb ? 2 * MARGIN + digits.size() * cell : x + MARGIN;
        float[] ink = new float[width * height];
        List<int[]> boxes = new ArrayList<>();
        int baseline = MARGIN + 6 + DIGIT_HEIGHT;
        for (int i = 0; i < digits.size(); i++) {
            Ink digit = digits.get(i);
            int drift = vary ? random.nextInt(7) - 3 : 0;
            int top = Math.max(1, Math.min(height - digit.height - 1, baseline - digit.height + drift));
            digit.drawMax(ink, width, lefts[i], top);
            boxes.add(new int[] {lefts[i], top, digit.width, digit.height});
        }
        float lineInk = vary ? 0.55f + 0.45f * random.nextFloat() : 1f;
        if (comb) {
            // A printed box with one cell per digit: top and bottom lines, and a wall between cells.
            int boxTop = MARGIN - 3;
            int boxBottom = height - MARGIN + 1;
            for (int i = 0; i <= digits.size(); i++) {
                verticalLine(ink, width, MARGIN + i * cell, boxTop, boxBottom + 1, lineInk);
            }
            horizontalLine(ink, width, MARGIN, MARGIN + digits.size() * cell, boxTop, lineInk);
            horizontalLine(ink, width, MARGIN, MARGIN + digits.size() * cell, boxBottom, lineInk);
        } else if (underline) {
            horizontalLine(ink, width, MARGIN / 2, width - MARGIN / 2, Math.min(height - 2, baseline + 4), lineInk);
        }
        if (vary && random.nextDouble() < 0.3) {
            ink = blur(ink, width, height);
        }
        return new ComposedField(value.toString(), width, height, GrayscaleImages.png(paper(ink, width, height, vary, random)),
                List.copyOf(boxes), indicesList(indices), touching, comb, underline);
    }

    private static List<Integer> indicesList(int[] indices) {
        List<Integer> list = new ArrayList<>(indices.length);
        for (int index : indices) {
            list.add(index);
        }
        return List.copyOf(list);
    }

    /** A printed line, 2 px wide, of the given ink. */
    private static void verticalLine(float[] ink, int width, int x, int fromY, int toY, float level) {
        for (int y = fromY; y <= toY; y++) {
            for (int dx = 0; dx < 2 && x + dx < width; dx++) {
                ink[y * width + x + dx] = Math.max(ink[y * width + x + dx], level);
            }
        }
    }

    private static void horizontalLine(float[] ink, int width, int fromX, int toX, int y, float level) {
        for (int x = fromX; x < Math.min(toX + 2, width); x++) {
            ink[y * width + x] = Math.max(ink[y * width + x], level);
            ink[(y + 1) * width + x] = Math.max(ink[(y + 1) * width + x], level);
        }
    }

    private static float[] blur(float[] ink, int width, int height) {
        float[] out = new float[ink.length];
        float[] kernel = {0.25f, 0.5f, 0.25f};
        float[] tmp = new float[ink.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -1; k <= 1; k++) {
                    sum += kernel[k + 1] * ink[y * width + Math.max(0, Math.min(width - 1, x + k))];
                }
                tmp[y * width + x] = sum;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -1; k <= 1; k++) {
                    sum += kernel[k + 1] * tmp[Math.max(0, Math.min(height - 1, y + k)) * width + x];
                }
                out[y * width + x] = sum;
            }
        }
        return out;
    }

    /** Ink on paper: light paper, dark ink, with scanner noise. */
    private static java.awt.image.BufferedImage paper(float[] ink, int width, int height, boolean vary,
            RandomGenerator random) {
        int paper = vary ? 215 + random.nextInt(41) : 255;
        int dark = vary ? random.nextInt(60) : 0;
        double sigma = vary ? 4 * random.nextDouble() : 0;
        byte[] grey = new byte[width * height];
        for (int i = 0; i < grey.length; i++) {
            double value = paper - Math.min(1f, ink[i]) * (paper - dark);
            if (sigma > 0) {
                value += random.nextGaussian() * sigma;
            }
            grey[i] = (byte) Math.max(0, Math.min(255, Math.round(value)));
        }
        return GrayscaleImages.fromBytes(grey, width, height);
    }

    /** One digit's ink (0..1), cropped to its strokes and scaled, with the pen width varied. */
    private record Ink(int width, int height, float[] levels) {

        static Ink ofMnist(byte[] pixels, int side, double scale, int pen) {
            int top = side;
            int bottom = -1;
            int left = side;
            int right = -1;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    if (Byte.toUnsignedInt(pixels[y * side + x]) > 25) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            if (bottom < 0) {
                top = 0;
                bottom = side - 1;
                left = 0;
                right = side - 1;
            }
            int cropW = right - left + 1;
            int cropH = bottom - top + 1;
            // MNIST digits are fitted into 20 px; a field's digits all stand DIGIT_HEIGHT tall (times the jitter).
            double factor = DIGIT_HEIGHT * scale / 20.0;
            int w = Math.max(1, (int) Math.round(cropW * factor));
            int h = Math.max(1, (int) Math.round(cropH * factor));
            float[] levels = new float[w * h];
            for (int y = 0; y < h; y++) {
                double sy = Math.min(cropH - 1.0, Math.max(0, (y + 0.5) / factor - 0.5));
                int y0 = (int) sy;
                int y1 = Math.min(cropH - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < w; x++) {
                    double sx = Math.min(cropW - 1.0, Math.max(0, (x + 0.5) / factor - 0.5));
                    int x0 = (int) sx;
                    int x1 = Math.min(cropW - 1, x0 + 1);
                    double fx = sx - x0;
                    double v = (1 - fy) * ((1 - fx) * at(pixels, side, left + x0, top + y0) + fx * at(pixels, side, left + x1, top + y0))
                            + fy * ((1 - fx) * at(pixels, side, left + x0, top + y1) + fx * at(pixels, side, left + x1, top + y1));
                    levels[y * w + x] = (float) v;
                }
            }
            if (pen > 0) {
                levels = dilate(levels, w, h);
            } else if (pen < 0) {
                for (int i = 0; i < levels.length; i++) {
                    levels[i] = Math.max(0, (levels[i] - 0.35f) / 0.65f);
                }
            }
            return new Ink(w, h, levels);
        }

        private static double at(byte[] pixels, int side, int x, int y) {
            return Byte.toUnsignedInt(pixels[y * side + x]) / 255.0;
        }

        private static float[] dilate(float[] levels, int w, int h) {
            float[] out = new float[levels.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float max = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w && Math.abs(dx) + Math.abs(dy) < 2) {
                                max = Math.max(max, levels[yy * w + xx]);
                            }
                        }
                    }
                    out[y * w + x] = max;
                }
            }
            return out;
        }

        /** Draws over what is there, keeping the darker: overlapping strokes of touching digits stay whole. */
        void drawMax(float[] canvas, int canvasWidth, int left, int top) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int cx = left + x;
                    if (cx >= 0 && cx < canvasWidth) {
                        int i = (top + y) * canvasWidth + cx;
                        canvas[i] = Math.max(canvas[i], levels[y * width + x]);
                    }
                }
            }
        }
    }
}
