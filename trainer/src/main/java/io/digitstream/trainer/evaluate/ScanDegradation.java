package io.digitstream.trainer.evaluate;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.DigitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ways real scans differ from MNIST, applied to MNIST test digits so the report can show how each model holds up
 * beside its raw accuracy (issue 17). Each works on one 28x28 image in MNIST polarity (ink 1) and keeps the digit
 * where it is; none is used for training, so the sets stay a measure, not a target.
 */
public enum ScanDegradation {

    /** A coarse scan: averaged down to 12x12 and scaled back up bilinearly (soft, blocky strokes). */
    LOW_RESOLUTION("low-resolution", "low resolution (12 px and back)"),
    /** A thick pen or an over-inked scan: every pixel the brightest of its 3x3 neighbourhood. */
    THICK_PEN("thick-pen", "thick pen (3x3 dilation)"),
    /** A thin pen or a faint scan: every pixel the darkest of itself and its four neighbours. */
    THIN_PEN("thin-pen", "thin pen (cross erosion)"),
    /** An out-of-focus scan: a 3x3 Gaussian blur. */
    BLUR("blur", "blur (3x3 Gaussian)");

    private static final int SIDE = ModelContract.SIDE;
    private static final int LOW_SIDE = 12;

    private final String id;
    private final String description;

    ScanDegradation(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /**
     * Accuracy on each degraded set whose probabilities are given, by {@link #id()}, in declaration order.
     *
     * @param probabilities one row of class probabilities per test image, per degradation
     */
    public static Map<String, Double> accuracies(Map<ScanDegradation, float[][]> probabilities, int[] labels) {
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (ScanDegradation degradation : values()) {
            float[][] rows = probabilities.get(degradation);
            if (rows != null) {
                accuracies.put(degradation.id(), accuracy(rows, labels));
            }
        }
        return accuracies;
    }

    /** Share of rows whose most probable class is the label. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        if (probabilities.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(probabilities.length + " rows of probabilities for " + labels.length
                    + " labels");
        }
        int[] predicted = VoteMatrices.argmax(probabilities);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** Every image of {@code digits} degraded, labels unchanged. */
    public DigitSet apply(DigitSet digits) {
        float[] out = new float[digits.pixels().length];
        float[] image = new float[ModelContract.PIXELS];
        for (int i = 0; i < digits.count(); i++) {
            System.arraycopy(digits.pixels(), i * ModelContract.PIXELS, image, 0, ModelContract.PIXELS);
            System.arraycopy(apply(image), 0, out, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        return new DigitSet(out, digits.labels().clone());
    }

    /** One 28x28 image degraded; values stay in [0, 1]. */
    public float[] apply(float[] image) {
        if (image.length != ModelContract.PIXELS) {
            throw new IllegalArgumentException("a " + SIDE + "x" + SIDE + " image has " + ModelContract.PIXELS
                    + " pixels, not " + image.length);
        }
        return switch (this) {
            case LOW_RESOLUTION -> upscale(downscale(image));
            case THICK_PEN -> neighbourhood(image, true);
            case THIN_PEN -> neighbourhood(image, false);
            case BLUR -> gaussian(image);
        };
    }

    /** Area averaging onto a LOW_SIDE grid: each low pixel the mean of the source pixels its cell covers. */
    private static float[] downscale(float[] image) {
        float[] low = new float[LOW_SIDE * LOW_SIDE];
        float[] weight = new float[LOW_SIDE * LOW_SIDE];
        double scale = (double) LOW_SIDE / SIDE;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int cell = (int) (y * scale) * LOW_SIDE + (int) (x * scale);
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
    private static float[] upscale(float[] low) {
        float[] image = new float[ModelContract.PIXELS];
        double scale = (double) LOW_SIDE / SIDE;
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.max(0, Math.min(LOW_SIDE - 1, (y + 0.5) * scale - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(LOW_SIDE - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < SIDE; x++) {
                double sx = Math.max(0, Math.min(LOW_SIDE - 1, (x + 0.5) * scale - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(LOW_SIDE - 1, x0 + 1);
                double fx = sx - x0;
                double top = low[y0 * LOW_SIDE + x0] * (1 - fx) + low[y0 * LOW_SIDE + x1] * fx;
                double bottom = low[y1 * LOW_SIDE + x0] * (1 - fx) + low[y1 * LOW_SIDE + x1] * fx;
                image[y * SIDE + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return image;
    }

    /** Dilation: the brightest of the 3x3 neighbourhood; erosion: the darkest of the pixel and its 4 neighbours. */
    private static float[] neighbourhood(float[] image, boolean dilate) {
        float[] out = new float[ModelContract.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float value = image[y * SIDE + x];
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        boolean cross = dx == 0 || dy == 0;
                        int nx = x + dx;
                        int ny = y + dy;
                        if (!dilate && !cross) {
                            continue;
                        }
                        // Outside the image is paper (0).
                        float neighbour = nx < 0 || ny < 0 || nx >= SIDE || ny >= SIDE ? 0 : image[ny * SIDE + nx];
                        value = dilate ? Math.max(value, neighbour) : Math.min(value, neighbour);
                    }
                }
                out[y * SIDE + x] = value;
            }
        }
        return out;
    }

    /** The 3x3 kernel [1 2 1]x[1 2 1]/16; outside the image is paper. */
    private static float[] gaussian(float[] image) {
        float[] out = new float[ModelContract.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double sum = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < SIDE && ny < SIDE) {
                            sum += image[ny * SIDE + nx] * (2 - Math.abs(dx)) * (2 - Math.abs(dy));
                        }
                    }
                }
                out[y * SIDE + x] = (float) (sum / 16);
            }
        }
        return out;
    }
}
