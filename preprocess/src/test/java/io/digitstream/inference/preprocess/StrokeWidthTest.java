package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pen-width measure and the repair of pens the 20x20 fit made finer than MNIST's. */
class StrokeWidthTest {

    /** A {@code width x height} image with a {@code penWidth x length} upright stroke of {@code strength} at (x, 2). */
    private static float[] stroke(int width, int height, int x, int penWidth, int length, float strength) {
        float[] image = new float[width * height];
        for (int y = 2; y < 2 + length; y++) {
            for (int dx = 0; dx < penWidth; dx++) {
                image[y * width + x + dx] = strength;
            }
        }
        return image;
    }

    @Test
    void measuresThePenOfThickAndFaintStrokesAlike() {
        // Mass w*L over half the outline (w + L): 3 * 16 / 19.
        assertEquals(3 * 16 / 19f, StrokeWidth.of(stroke(10, 20, 3, 3, 16, 1f), 10, 20), 1e-5f);
        // A faint one-pixel line is as wide as its strength says: a sub-pixel pen.
        assertEquals(0.6f * 16 / 17, StrokeWidth.of(stroke(10, 20, 3, 1, 16, 0.6f), 10, 20), 1e-5f);
        assertEquals(0f, StrokeWidth.of(new float[200], 10, 20), "blank paper has no pen");
    }

    @Test
    void inkAtTheEdgeOfTheFitCountsTheEdgeAsOutline() {
        // The fitted box is tight: a full-width stroke touches both sides; mass 2*16, outline 2*16 + 2*2.
        assertEquals(2 * 2 * 16 / 36f, StrokeWidth.of(stroke(2, 20, 0, 2, 16, 1f), 2, 20), 1e-5f);
    }

    @Test
    void anMnistLikePenIsLeftAlone() {
        float[] fitted = stroke(6, 20, 2, 2, 16, 1f);
        StrokeWidth.Fitted repaired = StrokeWidth.repair(fitted, 6, 20);
        assertSame(fitted, repaired.pixels());
        assertEquals(6, repaired.width());
    }

    @Test
    void aSubPixelPenIsWidenedToMnistsMedianAndBroughtToFullStrength() {
        float[] fitted = stroke(1, 20, 0, 1, 16, 0.6f);
        StrokeWidth.Fitted repaired = StrokeWidth.repair(fitted, 1, 20);
        assertEquals(3, repaired.width(), "one pixel more canvas each side");
        assertEquals(22, repaired.height());
        float strongest = 0;
        for (float value : repaired.pixels()) {
            strongest = Math.max(strongest, value);
            assertTrue(value >= 0, "no negative ink");
        }
        assertEquals(1f, strongest, 1e-6f);
        float pen = StrokeWidth.of(repaired.pixels(), repaired.width(), repaired.height());
        assertTrue(pen >= 1.5f && pen <= 2.5f, "widened to about " + StrokeWidth.TARGET + " px: " + pen);
        assertEquals(repaired.pixels()[10 * 3], repaired.pixels()[10 * 3 + 2], 1e-6f, "symmetrically");
    }
}
