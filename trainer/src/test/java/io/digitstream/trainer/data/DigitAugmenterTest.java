package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DigitAugmenterTest {

    /** A 10x10 ink square in the middle of the canvas. */
    private static float[] square() {
        float[] image = new float[ModelContract.PIXELS];
        for (int y = 9; y < 19; y++) {
            for (int x = 9; x < 19; x++) {
                image[y * ModelContract.SIDE + x] = 1f;
            }
        }
        return image;
    }

    private static float sum(float[] image) {
        float total = 0;
        for (float value : image) {
            total += value;
        }
        return total;
    }

    @Test
    void zeroBoundsLeaveTheImageUntouched() {
        float[] image = square();
        float[] out = new float[ModelContract.PIXELS];
        new DigitAugmenter(0, 0, 1).transform(image, 0, out, 0);
        assertArrayEquals(image, out, 1e-6f);
    }

    @Test
    void movesTheDigitButKeepsItsInkOnTheCanvas() {
        float[] image = square();
        float[] out = new float[ModelContract.PIXELS];
        new DigitAugmenter(2, 10, 3).transform(image, 0, out, 0);
        assertFalse(java.util.Arrays.equals(image, out));
        // Bilinear resampling of a centred shape that stays on the canvas keeps its ink within a few percent.
        assertEquals(sum(image), sum(out), sum(image) * 0.05);
    }

    @Test
    void sameSeedSameTransform() {
        float[] image = square();
        float[] first = new float[ModelContract.PIXELS];
        float[] second = new float[ModelContract.PIXELS];
        new DigitAugmenter(2, 10, 9).transform(image, 0, first, 0);
        new DigitAugmenter(2, 10, 9).transform(image, 0, second, 0);
        assertArrayEquals(first, second);
    }

    @Test
    void refusesRotationsThatCouldChangeTheDigit() {
        assertThrows(IllegalArgumentException.class, () -> new DigitAugmenter(2, 90, 1));
    }
}
