package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filters and the augmenter were made faster (vector-friendly loops, a paper border instead of bounds tests);
 * they must still give exactly what the plain versions give, bit for bit, so a trained model does not change with
 * them. {@code assertArrayEquals} on floats tells +0 from -0 and compares NaNs by bits.
 */
class AugmentationMatchesReferenceTest {

    private static final int SIDE = ModelContract.SIDE;
    private static final int PIXELS = ModelContract.PIXELS;

    /** Strokes with soft edges, pure noise, all ink, all paper, and a few values outside [0, 1]. */
    private static List<float[]> images() {
        SplittableRandom random = new SplittableRandom(17);
        List<float[]> images = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            float[] image = new float[PIXELS];
            int strokes = 1 + random.nextInt(4);
            for (int s = 0; s < strokes; s++) {
                double x = 4 + random.nextDouble() * 20;
                double y = 4 + random.nextDouble() * 20;
                double angle = random.nextDouble() * Math.PI;
                for (double t = -8; t <= 8; t += 0.25) {
                    int px = (int) Math.round(x + t * Math.cos(angle));
                    int py = (int) Math.round(y + t * Math.sin(angle));
                    if (px >= 0 && py >= 0 && px < SIDE && py < SIDE) {
                        image[py * SIDE + px] = Math.max(image[py * SIDE + px], (float) (0.3 + 0.7 * random.nextDouble()));
                    }
                }
            }
            images.add(image);
        }
        float[] noise = new float[PIXELS];
        float[] ink = new float[PIXELS];
        float[] outOfRange = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            noise[i] = (float) random.nextDouble();
            ink[i] = 1f;
            outOfRange[i] = (float) (random.nextDouble() * 4 - 2);
        }
        outOfRange[0] = -0f;
        images.add(noise);
        images.add(ink);
        images.add(new float[PIXELS]);
        images.add(outOfRange);
        return images;
    }

    @Test
    void everyFilterGivesWhatThePlainVersionGives() {
        for (float[] image : images()) {
            assertArrayEquals(ReferenceDigitFilters.dilate(image), DigitFilters.dilate(image), "dilate");
            assertArrayEquals(ReferenceDigitFilters.erode(image), DigitFilters.erode(image), "erode");
            assertArrayEquals(ReferenceDigitFilters.binomialBlur(image), DigitFilters.binomialBlur(image), "blur");
            for (float sigma : new float[] {0.1f, 0.5f, 0.83f, 1.2f, 4f, 5f}) {
                assertArrayEquals(ReferenceDigitFilters.gaussianBlur(image, sigma),
                        DigitFilters.gaussianBlur(image, sigma), "blur sigma " + sigma);
            }
            for (int side = 1; side <= SIDE; side++) {
                assertArrayEquals(ReferenceDigitFilters.downscale(image, side), DigitFilters.downscale(image, side),
                        "downscale to " + side);
                if (side >= 2) {
                    assertArrayEquals(ReferenceDigitFilters.lowResolution(image, side),
                            DigitFilters.lowResolution(image, side), "low resolution " + side);
                }
            }
            for (int quality = 1; quality <= 100; quality += 3) {
                assertArrayEquals(ReferenceDigitFilters.jpeg(image, quality), DigitFilters.jpeg(image, quality),
                        "JPEG quality " + quality);
            }
            assertArrayEquals(ReferenceDigitFilters.jpeg(image, 100), DigitFilters.jpeg(image, 100), "JPEG 100");
        }
    }

    @Test
    void theElasticSmoothingGivesWhatThePlainVersionGives() {
        SplittableRandom random = new SplittableRandom(5);
        float[] kernel = DigitFilters.gaussianKernel(4f);
        float[] wide = DigitFilters.gaussianKernel(10f); // wider than the grid: taps fall off both ends
        for (int n = 0; n < 50; n++) {
            float[] field = new float[PIXELS];
            for (int i = 0; i < PIXELS; i++) {
                field[i] = (float) (random.nextDouble() * 2 - 1);
            }
            assertArrayEquals(ReferenceDigitFilters.separable(field, kernel, SIDE),
                    DigitFilters.separable(field, kernel, SIDE));
            assertArrayEquals(ReferenceDigitFilters.separable(field, wide, SIDE),
                    DigitFilters.separable(field, wide, SIDE));
        }
        float[] small = {1, -2, 3, -4, 5, -6, 7, -8, 9};
        assertArrayEquals(ReferenceDigitFilters.separable(small, kernel, 3), DigitFilters.separable(small, kernel, 3),
                "a grid smaller than the kernel");
    }

    @Test
    void framedBilinearSamplingGivesWhatSingleSamplesGive() {
        SplittableRandom random = new SplittableRandom(9);
        float[] image = images().get(3);
        float[] framed = DigitFilters.framed(image, 0);
        float[] edges = {-30f, -2f, -1.0001f, -1f, -0.9999f, -1e-7f, -0f, 0f, 1e-7f, 0.5f, 13.5f, 26.99999f, 27f,
                27.00001f, 27.5f, 27.99999f, 28f, 28.5f, 1e9f};
        for (float x : edges) {
            for (float y : edges) {
                assertEquals(Float.floatToRawIntBits(DigitFilters.bilinear(image, 0, x, y)),
                        Float.floatToRawIntBits(DigitFilters.bilinearFramed(framed, x, y)), "at " + x + ", " + y);
            }
        }
        for (int n = 0; n < 100_000; n++) {
            float x = (float) (random.nextDouble() * 34 - 3);
            float y = (float) (random.nextDouble() * 34 - 3);
            assertEquals(DigitFilters.bilinear(image, 0, x, y), DigitFilters.bilinearFramed(framed, x, y),
                    "at " + x + ", " + y);
        }
    }

    @Test
    void theAugmenterDrawsAndMovesAsThePlainOneDoes() {
        AugmentationBounds[] bounds = {
                AugmentationBounds.movesOnly(2, 10),
                new AugmentationBounds(2, 10, 0.1f, 10, 0, 0.5f), // the standard profile's
                new AugmentationBounds(3, 15, 0.15f, 12, 1, 1),    // everything on every image
                new AugmentationBounds(0, 0, 0, 0, 0, 1)};
        List<float[]> images = images();
        float[] source = new float[images.size() * PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, source, i * PIXELS, PIXELS);
        }
        for (AugmentationBounds bound : bounds) {
            DigitAugmenter fast = new DigitAugmenter(bound, 42);
            ReferenceDigitAugmenter plain = new ReferenceDigitAugmenter(bound, 42);
            float[] expected = new float[2 * PIXELS];
            float[] actual = new float[2 * PIXELS];
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < images.size(); i++) {
                    plain.transform(source, i * PIXELS, expected, PIXELS); // an offset in and out, as batches use
                    fast.transform(source, i * PIXELS, actual, PIXELS);
                    assertArrayEquals(expected, actual, bound.describe() + ", round " + round + ", image " + i);
                }
            }
        }
    }
}
