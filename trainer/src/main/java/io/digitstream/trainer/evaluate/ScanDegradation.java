package io.digitstream.trainer.evaluate;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.DigitFilters;
import io.digitstream.trainer.data.DigitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ways real scans differ from MNIST, applied to MNIST test digits so the report can show how each model holds up
 * beside its raw accuracy (issue 17). Each works on one 28x28 image in MNIST polarity (ink 1) and keeps the digit
 * where it is. Training augmentation draws from the same {@link DigitFilters} at random strengths, and is tuned on the
 * validation split only, so these test sets stay a measure, not a target.
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
            case LOW_RESOLUTION -> DigitFilters.lowResolution(image, LOW_SIDE);
            case THICK_PEN -> DigitFilters.dilate(image);
            case THIN_PEN -> DigitFilters.erode(image);
            case BLUR -> DigitFilters.binomialBlur(image);
        };
    }
}
