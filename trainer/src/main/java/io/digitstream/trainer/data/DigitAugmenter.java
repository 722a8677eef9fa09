package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import java.util.Random;

/**
 * Light, label-preserving augmentation: a random rotation and sub-pixel shift per image, resampled bilinearly. Bounds
 * stay small on purpose (a rotated 6 must not become a 9).
 */
public final class DigitAugmenter {

    private static final float CENTRE = (ModelContract.SIDE - 1) / 2f;

    private final float maxShiftPixels;
    private final float maxRotationRadians;
    private final Random random;

    public DigitAugmenter(float maxShiftPixels, float maxRotationDegrees, long seed) {
        if (maxShiftPixels < 0 || maxRotationDegrees < 0 || maxRotationDegrees > 45) {
            throw new IllegalArgumentException("augmentation bounds out of range: shift " + maxShiftPixels
                    + " px, rotation " + maxRotationDegrees + " degrees");
        }
        this.maxShiftPixels = maxShiftPixels;
        this.maxRotationRadians = (float) Math.toRadians(maxRotationDegrees);
        this.random = new Random(seed);
    }

    /** Writes a randomly moved copy of the image at {@code source[from..from+784)} into {@code target[to..)}. */
    public void transform(float[] source, int from, float[] target, int to) {
        float angle = uniform(maxRotationRadians);
        float shiftX = uniform(maxShiftPixels);
        float shiftY = uniform(maxShiftPixels);
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        for (int y = 0; y < ModelContract.SIDE; y++) {
            for (int x = 0; x < ModelContract.SIDE; x++) {
                // Inverse mapping: find where each output pixel comes from, so the result has no holes.
                float dx = x - CENTRE - shiftX;
                float dy = y - CENTRE - shiftY;
                float sourceX = cos * dx + sin * dy + CENTRE;
                float sourceY = -sin * dx + cos * dy + CENTRE;
                target[to + y * ModelContract.SIDE + x] = bilinear(source, from, sourceX, sourceY);
            }
        }
    }

    private float uniform(float bound) {
        return bound == 0 ? 0 : (random.nextFloat() * 2 - 1) * bound;
    }

    private static float bilinear(float[] image, int offset, float x, float y) {
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
        if (x < 0 || y < 0 || x >= ModelContract.SIDE || y >= ModelContract.SIDE) {
            return 0f;
        }
        return image[offset + y * ModelContract.SIDE + x];
    }
}
