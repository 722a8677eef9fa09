package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.data.Ink;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The degraded copies of the test set do what their names say, and nothing else. */
class ScanDegradationTest {

    private static final int SIDE = ModelContract.SIDE;

    @Test
    void aThickPenOnlyAddsInkAndAThinPenOnlyTakesItAway() {
        float[] digit = bar(12, 2);
        float[] thick = ScanDegradation.THICK_PEN.apply(digit);
        float[] thin = ScanDegradation.THIN_PEN.apply(digit);
        for (int i = 0; i < digit.length; i++) {
            assertTrue(thick[i] >= digit[i], "dilation never removes ink at " + i);
            assertTrue(thin[i] <= digit[i], "erosion never adds ink at " + i);
        }
        assertEquals(4 * 18, Ink.total(thick), 1e-3, "a 2-px bar of 16 rows grows to 4 px and 18 rows");
        assertEquals(0, Ink.total(thin), 1e-6, "a 2-px stroke is thinner than the cross: it goes");
        assertEquals(16 - 2, Ink.total(ScanDegradation.THIN_PEN.apply(bar(12, 3))), 1e-3,
                "a 3-px bar keeps its middle column, less its two end pixels");
    }

    @Test
    void blurSpreadsInkWithoutLosingItAwayFromTheBorder() {
        float[] digit = bar(12, 1);
        float[] blurred = ScanDegradation.BLUR.apply(digit);
        assertEquals(Ink.total(digit), Ink.total(blurred), 1e-4);
        assertEquals(0.5f, blurred[14 * SIDE + 12], 1e-6, "the middle of a 1-px line keeps half its ink");
        assertEquals(0.25f, blurred[14 * SIDE + 13], 1e-6, "and gives a quarter to each side");
    }

    @Test
    void aLowResolutionScanKeepsTheDigitWhereItIsButSoftensIt() {
        float[] digit = bar(13, 2);
        float[] coarse = ScanDegradation.LOW_RESOLUTION.apply(digit);
        assertEquals(centreColumn(digit), centreColumn(coarse), 0.75, "the stroke stays in place");
        assertTrue(max(coarse) < 1f, "a 2-px stroke never fills a 2.3-px cell");
        assertTrue(count(coarse) > count(digit), "and spreads over more pixels");
        assertEquals(Ink.total(digit), Ink.total(coarse), 0.1 * Ink.total(digit), "ink roughly kept");
    }

    @ParameterizedTest
    @EnumSource(ScanDegradation.class)
    void everyDegradationKeepsValuesAndSizeAndLeavesBlankPaperBlank(ScanDegradation degradation) {
        float[] blank = new float[ModelContract.PIXELS];
        assertArrayEquals(blank, degradation.apply(blank));
        float[] full = new float[ModelContract.PIXELS];
        java.util.Arrays.fill(full, 1f);
        for (float value : degradation.apply(full)) {
            assertTrue(value >= 0 && value <= 1.0001f, degradation + ": " + value);
        }
        DigitSet set = new DigitSet(concat(bar(5, 2), bar(20, 3)), new int[] {1, 7});
        DigitSet degraded = degradation.apply(set);
        assertArrayEquals(new int[] {1, 7}, degraded.labels());
        assertEquals(set.pixels().length, degraded.pixels().length);
        assertArrayEquals(degradation.apply(bar(20, 3)),
                java.util.Arrays.copyOfRange(degraded.pixels(), ModelContract.PIXELS, 2 * ModelContract.PIXELS));
    }

    @Test
    void refusesImagesOfAnotherSizeAndMismatchedRows() {
        assertThrows(IllegalArgumentException.class, () -> ScanDegradation.BLUR.apply(new float[100]));
        assertThrows(IllegalArgumentException.class, () -> ScanDegradation.accuracy(new float[2][10], new int[3]));
    }

    @Test
    void accuraciesAreInDeclarationOrderForTheSetsGiven() {
        float[][] rightThenWrong = {one(3), one(5)};
        Map<ScanDegradation, float[][]> probabilities = new EnumMap<>(ScanDegradation.class);
        probabilities.put(ScanDegradation.BLUR, rightThenWrong);
        probabilities.put(ScanDegradation.LOW_RESOLUTION, new float[][] {one(3), one(4)});
        Map<String, Double> accuracies = ScanDegradation.accuracies(probabilities, new int[] {3, 4});
        assertEquals(List.of("low-resolution", "blur"), List.copyOf(accuracies.keySet()));
        assertEquals(1.0, accuracies.get("low-resolution"));
        assertEquals(0.5, accuracies.get("blur"));
    }

    /** A vertical bar {@code width} px wide from column {@code x}, rows 6 to 21, full ink. */
    private static float[] bar(int x, int width) {
        float[] image = new float[ModelContract.PIXELS];
        for (int y = 6; y < 22; y++) {
            for (int dx = 0; dx < width; dx++) {
                image[y * SIDE + x + dx] = 1f;
            }
        }
        return image;
    }

    private static float[] one(int digit) {
        float[] row = new float[ModelContract.CLASSES];
        row[digit] = 1f;
        return row;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static float max(float[] image) {
        float max = 0;
        for (float value : image) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static int count(float[] image) {
        int count = 0;
        for (float value : image) {
            count += value > 0.01f ? 1 : 0;
        }
        return count;
    }

    private static double centreColumn(float[] image) {
        double mass = 0;
        double moment = 0;
        for (int i = 0; i < image.length; i++) {
            mass += image[i];
            moment += image[i] * (i % SIDE);
        }
        return moment / mass;
    }
}
