package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan filters the augmentation and the degraded test sets share. */
class DigitFiltersTest {

    private static final int SIDE = ModelContract.SIDE;

    /** A plus sign, strokes 3 px wide, 16 px long, centred. */
    private static float[] plus() {
        float[] image = new float[ModelContract.PIXELS];
        for (int i = 6; i < 22; i++) {
            for (int w = 12; w < 15; w++) {
                image[i * SIDE + w] = 1f;
                image[w * SIDE + i] = 1f;
            }
        }
        return image;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aGoodJpegKeepsTheDigitAndAPoorOneRingsAroundIt() {
        float[] digit = plus();
        float[] fine = DigitFilters.jpeg(digit, 95);
        float[] poor = DigitFilters.jpeg(digit, 10);
        assertTrue(maxDifference(digit, fine) < 0.15, "quality 95: " + maxDifference(digit, fine));
        assertTrue(maxDifference(digit, poor) > 0.2, "quality 10 shows its blocks: " + maxDifference(digit, poor));
        assertEquals(Ink.total(digit), Ink.total(poor), 0.25 * Ink.total(digit), "but keeps the ink roughly");
        for (float value : poor) {
            assertEquals(Math.round(value * 255) / 255f, value, 1e-6f, "read back as 8-bit grey");
        }
        assertArrayEquals(new float[ModelContract.PIXELS], DigitFilters.jpeg(new float[ModelContract.PIXELS], 10),
                "white paper stays white");
    }

    @Test
    void gaussianBlurKeepsInkAwayFromTheBorderAndWidensStrokes() {
        float[] kernel = DigitFilters.gaussianKernel(1f);
        assertEquals(7, kernel.length, "+-3 sigma");
        assertEquals(1.0, Ink.total(kernel), 1e-6);
        float[] blurred = DigitFilters.gaussianBlur(plus(), 1f);
        assertEquals(Ink.total(plus()), Ink.total(blurred), 1e-3);
        assertTrue(blurred[5 * SIDE + 13] > 0, "ink spreads above the stroke's end");
        assertTrue(blurred[13 * SIDE + 13] < 1f, "and the peak softens");
    }

    @Test
    void blendMovesPartWay() {
        float[] from = {0, 1, 0.5f};
        float[] to = {1, 0, 0.5f};
        assertArrayEquals(new float[] {0.25f, 0.75f, 0.5f}, DigitFilters.blend(from, to, 0.25f), 1e-6f);
    }

    @Test
    void inkFloorZeroesWhatTheServiceWouldAndClampsTheRest() {
        assertArrayEquals(new float[] {0, 0, 0.2f, 1, 0}, DigitFilters.inkFloor(new float[] {-0.3f, 0.19f, 0.2f, 1.4f,
                Float.NaN}, 0.2f), 1e-6f);
    }

    @Test
    void bilinearSamplingHitsPixelCentresAndTreatsTheOutsideAsPaper() {
        float[] digit = plus();
        assertEquals(1f, DigitFilters.bilinear(digit, 0, 13, 10), 1e-6f);
        assertEquals(0.5f, DigitFilters.bilinear(digit, 0, 14.5f, 10), 1e-6f, "half way to the paper beside the stroke");
        assertEquals(0f, DigitFilters.bilinear(digit, 0, -3, 13), 1e-6f);
        float[] two = java.util.Arrays.copyOf(new float[ModelContract.PIXELS], 2 * ModelContract.PIXELS);
        System.arraycopy(digit, 0, two, ModelContract.PIXELS, ModelContract.PIXELS);
        assertEquals(1f, DigitFilters.bilinear(two, ModelContract.PIXELS, 13, 10), 1e-6f, "from the second image");
    }

    @Test
    void downscalingAveragesEachCell() {
        float[] low = DigitFilters.downscale(plus(), 14);
        assertEquals(196, low.length);
        // 2x2 cells: the stroke's columns 12-14 cover cell 6 fully and half of cell 7.
        assertEquals(1f, low[3 * 14 + 6], 1e-6f);
        assertEquals(0.5f, low[3 * 14 + 7], 1e-6f);
        assertEquals(Ink.total(plus()) / 4, Ink.total(low), 1e-3);
    }

    @Test
    void refusesSizesAndStrengthsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.jpeg(new float[10], 50));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.jpeg(plus(), 0));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.jpeg(plus(), 101));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.gaussianBlur(plus(), 0));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.gaussianBlur(plus(), Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.lowResolution(plus(), 1));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.lowResolution(plus(), 29));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.dilate(new float[783]));
        assertThrows(IllegalArgumentException.class, () -> DigitFilters.downscale(plus(), 0));
    }
}
