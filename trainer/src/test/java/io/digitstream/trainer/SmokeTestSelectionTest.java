package io.digitstream.trainer;

import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.SmokeTestImage;
import io.digitstream.schemas.TensorSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmokeTestSelectionTest {

    /** Three images per digit: image 3d + k has label d; each image's pixels are distinct. */
    private static final int PER_DIGIT = 3;
    private static final int IMAGES = 10 * PER_DIGIT;

    private final int[] labels = new int[IMAGES];
    private final byte[] pixels = new byte[IMAGES * ModelContract.PIXELS];
    private final float[][] mlp = new float[IMAGES][];
    private final float[][] cnn = new float[IMAGES][];

    SmokeTestSelectionTest() {
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = i / PER_DIGIT;
            for (int p = 0; p < ModelContract.PIXELS; p++) {
                pixels[i * ModelContract.PIXELS + p] = (byte) ((i * 31 + p * 7) & 0xFF);
            }
            // By default both models are sure and right.
            mlp[i] = answer(labels[i], 0.9f);
            cnn[i] = answer(labels[i], 0.9f);
        }
    }

    /** Probabilities with {@code top} on {@code digit} and the rest spread evenly. */
    private static float[] answer(int digit, float top) {
        float[] row = new float[10];
        java.util.Arrays.fill(row, (1 - top) / 9);
        row[digit] = top;
        return row;
    }

    /** Two candidates for the top: {@code first} gets {@code a}, {@code second} gets {@code b}. */
    private static float[] split(int first, float a, int second, float b) {
        float[] row = new float[10];
        java.util.Arrays.fill(row, (1 - a - b) / 8);
        row[first] = a;
        row[second] = b;
        return row;
    }

    private Map<String, float[][]> models() {
        Map<String, float[][]> models = new LinkedHashMap<>();
        models.put("mlp", mlp);
        models.put("cnn", cnn);
        return models;
    }

    @Test
    void takesTheFirstImageOfEachDigitThatEveryModelAnswersClearly() {
        // Digit 2: the first image is clear for the MLP but a near tie for the CNN, so the second is taken (not the
        // third, which both models answer even more surely: the first clear one wins, not the clearest).
        cnn[6] = split(2, 0.45f, 7, 0.40f);
        mlp[8] = answer(2, 0.99f);
        cnn[8] = answer(2, 0.99f);
        List<SmokeTestSelection.Choice> choices = SmokeTestSelection.select(labels, pixels, models());
        assertEquals(10, choices.size());
        for (int digit = 0; digit < 10; digit++) {
            SmokeTestSelection.Choice choice = choices.get(digit);
            assertEquals(digit, choice.digit());
            assertEquals(digit, choice.image().label());
            assertEquals(digit == 2 ? 7 : digit * PER_DIGIT, choice.index(), "digit " + digit);
            assertTrue(choice.clear());
        }
    }

    @Test
    void fallsBackToTheImageWithTheLargestSmallestMargin() {
        // No image of digit 4 is clear for both models; image 13 has the largest smallest margin (0.15).
        mlp[12] = split(4, 0.50f, 9, 0.40f);
        mlp[13] = split(4, 0.55f, 9, 0.40f);
        cnn[13] = split(4, 0.45f, 1, 0.25f);
        cnn[14] = split(9, 0.50f, 4, 0.45f);
        SmokeTestSelection.Choice four = SmokeTestSelection.select(labels, pixels, models()).get(4);
        assertEquals(13, four.index());
        assertEquals(0.15, four.minMargin(), 1e-6);
        assertFalse(four.clear());
        String description = SmokeTestSelection.describe(SmokeTestSelection.select(labels, pixels, models()));
        assertTrue(description.contains("digit(s) 4 (test image 13, margin 0.150)"), description);
    }

    @Test
    void expectedIsEachModelsOwnAnswerEvenWhenItIsWrong() {
        // Digit 1, image 3: the MLP is sure it is a 7, the CNN that it is a 1. Both clear, so it is taken.
        mlp[3] = answer(7, 0.8f);
        SmokeTestImage image = SmokeTestSelection.select(labels, pixels, models()).get(1).image();
        assertEquals(1, image.label());
        assertEquals(Map.of("mlp", 7, "cnn", 1), image.expected());
        assertEquals(List.of("mlp", "cnn"), List.copyOf(image.expected().keySet()), "manifest order");
    }

    @Test
    void pixelsAreTheChosenImagesBytesOver255() {
        cnn[6] = split(2, 0.45f, 7, 0.40f);
        SmokeTestImage image = SmokeTestSelection.select(labels, pixels, models()).get(2).image();
        float[] expected = new float[ModelContract.PIXELS];
        for (int p = 0; p < ModelContract.PIXELS; p++) {
            expected[p] = (pixels[7 * ModelContract.PIXELS + p] & 0xFF) / 255f;
        }
        assertArrayEquals(expected, image.modelInput());
    }

    @Test
    void theSelectionFitsAManifestOfTheSameModels() {
        List<SmokeTestImage> images = SmokeTestSelection.images(SmokeTestSelection.select(labels, pixels, models()));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<ManifestEntry> entries = List.of("mlp", "cnn").stream().map(name -> new ManifestEntry(name, "r",
                name + ".onnx", "0".repeat(64), new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                new TensorSpec("logits", "float32", List.of(-1L, 10L)), 0.9, 0.9, 1, 1, Map.of(), at)).toList();
        ModelManifest manifest = new ModelManifest("r", at, entries, null, images);
        assertEquals(10, manifest.smokeTest().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                manifest.smokeTest().stream().map(SmokeTestImage::label).toList());
    }

    @Test
    void aDigitWithoutTestImagesOrMismatchedSizesAreRefused() {
        labels[15] = 4;
        labels[16] = 4;
        labels[17] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmokeTestSelection.select(labels, pixels, models()));
        assertTrue(e.getMessage().contains("no image of digit 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmokeTestSelection.select(new int[IMAGES - 1], pixels,
                models()));
        assertThrows(IllegalArgumentException.class, () -> SmokeTestSelection.select(labels, pixels,
                Map.of("mlp", new float[IMAGES - 1][10])));
        assertThrows(IllegalArgumentException.class, () -> SmokeTestSelection.select(labels, pixels, Map.of()));
    }

    @Test
    void marginAndAnswerOfOneRow() {
        assertEquals(0.3, SmokeTestSelection.margin(split(3, 0.5f, 8, 0.2f)), 1e-6);
        assertEquals(0.0, SmokeTestSelection.margin(split(3, 0.4f, 8, 0.4f)), 1e-9);
        assertEquals(3, SmokeTestSelection.answer(split(3, 0.4f, 8, 0.4f)), "the lower digit wins a tie");
        assertEquals(8, SmokeTestSelection.answer(split(3, 0.3f, 8, 0.4f)));
    }
}
