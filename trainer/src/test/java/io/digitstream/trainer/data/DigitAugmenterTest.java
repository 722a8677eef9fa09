package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.DigitAugmenter.ScanEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitAugmenterTest {

    private static final int SIDE = ModelContract.SIDE;
    private static final AugmentationBounds EVERYTHING = new AugmentationBounds(2, 10, 0.15f, 10, 1, 1);

    /** A 10x10 ink square in the middle of the canvas. */
    private static float[] square() {
        float[] image = new float[ModelContract.PIXELS];
        for (int y = 9; y < 19; y++) {
            for (int x = 9; x < 19; x++) {
                image[y * SIDE + x] = 1f;
            }
        }
        return image;
    }

    /** A vertical bar 3 px wide, columns 12-14, rows 4-23: a thick 1. */
    private static float[] bar() {
        float[] image = new float[ModelContract.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 12; x < 15; x++) {
                image[y * SIDE + x] = 1f;
            }
        }
        return image;
    }

    private static float[] augmented(DigitAugmenter augmenter, float[] image) {
        float[] out = new float[ModelContract.PIXELS];
        augmenter.transform(image, 0, out, 0);
        return out;
    }

    /** Columns holding any ink at or above half strength. */
    private static int inkWidth(float[] image) {
        int min = SIDE;
        int max = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (image[y * SIDE + x] >= 0.5f) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        return max - min + 1;
    }

    /** Mean column of the ink in rows {@code from..to}. */
    private static double centreColumn(float[] image, int from, int to) {
        double mass = 0;
        double sum = 0;
        for (int y = from; y <= to; y++) {
            for (int x = 0; x < SIDE; x++) {
                mass += image[y * SIDE + x];
                sum += image[y * SIDE + x] * x;
            }
        }
        return sum / mass;
    }

    @Test
    void zeroBoundsLeaveTheImageUntouched() {
        float[] image = square();
        assertArrayEquals(image, augmented(AugmentationBounds.movesOnly(0, 0).augmenter(1), image), 1e-6f);
    }

    @Test
    void movesTheDigitButKeepsItsInkOnTheCanvas() {
        float[] image = square();
        float[] out = augmented(AugmentationBounds.movesOnly(2, 10).augmenter(3), image);
        assertFalse(java.util.Arrays.equals(image, out));
        // Bilinear resampling of a centred shape that stays on the canvas keeps its ink within a few percent.
        assertEquals(Ink.total(image), Ink.total(out), Ink.total(image) * 0.05);
    }

    @Test
    void sameSeedSameTransformWithEveryEffectOn() {
        float[] image = square();
        for (int i = 0; i < 20; i++) {
            DigitAugmenter first = EVERYTHING.augmenter(9 + i);
            DigitAugmenter second = EVERYTHING.augmenter(9 + i);
            assertArrayEquals(augmented(first, image), augmented(second, image));
        }
    }

    @Test
    void scaleChangesWidthAndHeightWithinItsBound() {
        DigitAugmenter augmenter = new AugmentationBounds(0, 0, 0.2f, 0, 0, 0).augmenter(5);
        int narrowest = SIDE;
        int widest = 0;
        for (int i = 0; i < 200; i++) {
            int width = inkWidth(augmented(augmenter, square()));
            narrowest = Math.min(narrowest, width);
            widest = Math.max(widest, width);
        }
        assertTrue(narrowest <= 9 && widest >= 11, "a 10-px square drawn 0.8x to 1.2x: " + narrowest + ".." + widest);
        assertTrue(narrowest >= 7 && widest <= 13, "but never beyond the bound: " + narrowest + ".." + widest);
    }

    @Test
    void shearSlantsAnUprightStroke() {
        DigitAugmenter augmenter = new AugmentationBounds(0, 0, 0, 20, 0, 0).augmenter(7);
        double largestSlant = 0;
        for (int i = 0; i < 50; i++) {
            float[] out = augmented(augmenter, bar());
            double slant = Math.abs(centreColumn(out, 4, 8) - centreColumn(out, 19, 23));
            largestSlant = Math.max(largestSlant, slant);
            // tan(20 degrees) over the 15 rows between the two bands is 5.5 px at most.
            assertTrue(slant <= 5.6, "slant " + slant);
        }
        assertTrue(largestSlant > 3, "some draws slant the bar visibly: " + largestSlant);
    }

    @Test
    void elasticDistortionBendsTheStrokeButKeepsTheDigit() {
        DigitAugmenter augmenter = new AugmentationBounds(0, 0, 0, 0, 1, 0).augmenter(11);
        float[] image = square();
        float[] out = augmented(augmenter, image);
        assertFalse(java.util.Arrays.equals(image, out));
        // Simard's alpha 34 stretches the stroke locally by up to a third, so the ink changes by a fifth or so.
        assertEquals(Ink.total(image), Ink.total(out), Ink.total(image) * 0.3, "ink roughly kept");
        assertEquals(13.5, centreColumn(out, 0, SIDE - 1), 2.0, "displacements are a pixel or two, not a jump");
    }

    @ParameterizedTest
    @EnumSource(ScanEffect.class)
    void everyScanEffectKeepsValuesInRangeAndTheDigitOnTheCanvas(ScanEffect effect) {
        DigitAugmenter augmenter = EVERYTHING.augmenter(13);
        for (int i = 0; i < 20; i++) {
            float[] out = augmenter.apply(effect, bar());
            for (float value : out) {
                assertTrue(value >= 0 && value <= 1.0001f, effect + ": " + value);
            }
            // The harshest is a full erosion, which leaves the middle column of three.
            assertTrue(Ink.total(out) > 0.3 * Ink.total(bar()), effect + " keeps the stroke: " + Ink.total(out));
            assertEquals(13, centreColumn(out, 0, SIDE - 1), 1.0, effect + " keeps the stroke in place");
            if (effect != ScanEffect.NOISE) {
                assertArrayEquals(new float[ModelContract.PIXELS],
                        augmenter.apply(effect, new float[ModelContract.PIXELS]), 1e-6f, effect + " adds no ink");
            }
        }
    }

    @Test
    void aThickerPenAddsInkAndAThinnerOneTakesItAway() {
        DigitAugmenter augmenter = EVERYTHING.augmenter(17);
        for (int i = 0; i < 10; i++) {
            assertTrue(Ink.total(augmenter.apply(ScanEffect.THICKER, bar())) > Ink.total(bar()) * 1.3f);
            assertTrue(Ink.total(augmenter.apply(ScanEffect.THINNER, bar())) < Ink.total(bar()) * 0.8f);
        }
    }

    @Test
    void noiseAndJpegLeaveOnlyWhatTheServiceWouldPassOn() {
        DigitAugmenter augmenter = EVERYTHING.augmenter(19);
        boolean speck = false;
        for (ScanEffect effect : new ScanEffect[] {ScanEffect.NOISE, ScanEffect.JPEG}) {
            for (int i = 0; i < 20; i++) {
                float[] out = augmenter.apply(effect, bar());
                for (int p = 0; p < out.length; p++) {
                    assertTrue(out[p] == 0 || out[p] >= 0.2f, effect + ": faint level " + out[p] + " survives");
                    speck |= effect == ScanEffect.NOISE && bar()[p] == 0 && out[p] > 0;
                }
            }
        }
        assertTrue(speck, "strong enough noise leaves specks on the paper");
    }

    @Test
    void boundsDescribeThemselvesForTheLogAndTheManifest() {
        assertEquals("shift 2.0 px, rotation 10°, scale ±15 %, slant 10°, elastic 100 %, scan effects 100 %",
                EVERYTHING.describe());
    }

    @Test
    void refusesBoundsThatCouldChangeTheDigit() {
        assertThrows(IllegalArgumentException.class, () -> AugmentationBounds.movesOnly(2, 90));
        assertThrows(IllegalArgumentException.class, () -> new AugmentationBounds(2, 10, 0.8f, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AugmentationBounds(2, 10, 0, 45, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AugmentationBounds(2, 10, 0, 0, 1.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> new AugmentationBounds(2, 10, 0, 0, 0, -0.1f));
        assertThrows(IllegalArgumentException.class, () -> new AugmentationBounds(Float.NaN, 10, 0, 0, 0, 0));
    }
}
