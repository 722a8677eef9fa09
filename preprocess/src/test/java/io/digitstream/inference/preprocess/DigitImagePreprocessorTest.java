package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The MNIST recipe on synthetic scans whose expected 28x28 result can be worked out by hand: a bar of ink is cropped,
 * scaled so its long side is 20 pixels, and shifted so its centre of mass sits at (13.5, 13.5), rounded.
 */
class DigitImagePreprocessorTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 2048, 2048, 2048L * 2048, 2048L * 2048);
    private final DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(LIMITS, new MnistNormalizer(0.2));

    /** A 10x40 bar becomes 5x20; its centre of mass (2, 9.5) moves to (14, 13.5): columns 12..16, rows 4..23. */
    private static final float[] UPRIGHT_BAR = SyntheticImages.expectedField(12, 4, 5, 20);

    @Test
    void darkInkOnWhitePaperIsInvertedCroppedScaledAndCentred() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(100, 100, 255, 0, 30, 20, 10, 40);

        assertArrayEquals(UPRIGHT_BAR, pixels(scan, "png"), 1e-6f);
    }

    @Test
    void brightInkOnBlackIsKeptInMnistPolarity() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(100, 100, 0, 255, 30, 20, 10, 40);

        assertArrayEquals(UPRIGHT_BAR, pixels(scan, "png"), 1e-6f);
    }

    @Test
    void offCentreInkIsMovedToTheCentre() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(100, 100, 255, 0, 86, 58, 10, 40);

        assertArrayEquals(UPRIGHT_BAR, pixels(scan, "png"), 1e-6f);
    }

    /** A 40x10 bar on a 200x50 scan becomes 20x5 with centre of mass (9.5, 2): columns 4..23, rows 12..16. */
    @Test
    void rectangularScanKeepsTheInkAspectRatio() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(200, 50, 240, 20, 120, 18, 40, 10);

        assertArrayEquals(SyntheticImages.expectedField(4, 12, 20, 5), pixels(scan, "png"), 1e-6f);
    }

    /** A 2x3 blob on a 6x8 scan is enlarged to 13x20 (2 * 20/3 rounds to 13); centre (6, 9.5): columns 8..20. */
    @Test
    void tinyScanIsEnlargedToTheTwentyPixelBox() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(6, 8, 255, 0, 2, 3, 2, 3);

        assertArrayEquals(SyntheticImages.expectedField(8, 4, 13, 20), pixels(scan, "png"), 1e-6f);
    }

    /** Area averaging: a 15x60 bar scaled by 1/3 averages three source columns into each of 5 output columns. */
    @Test
    void downscalingAveragesTheCoveredArea() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(120, 120, 255, 0, 30, 30, 15, 60);

        assertArrayEquals(SyntheticImages.expectedField(12, 4, 5, 20), pixels(scan, "png"), 1e-5f);
    }

    /**
     * A fine pen on a high-resolution scan: a 3x100 stroke fits into 20 rows as a 0.6-px line, which area averaging
     * leaves one pixel wide at 60 % strength. The recipe widens it to MNIST's pen and full strength instead.
     */
    @Test
    void aFinePenOnAHighResolutionScanIsWidenedToMnistsPen() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(200, 200, 255, 0, 90, 50, 3, 100);

        float[] field = pixels(scan, "png");

        float strongest = 0;
        double mass = 0;
        double columns = 0;
        for (int i = 0; i < field.length; i++) {
            strongest = Math.max(strongest, field[i]);
            mass += field[i];
            columns += field[i] * (i % 28);
        }
        assertEquals(1f, strongest, 1e-6f, "full strength, as MNIST's strokes are");
        float pen = StrokeWidth.of(field, 28, 28);
        assertTrue(pen >= 1.5f && pen <= 2.5f, "an MNIST pen, not a faint hairline: " + pen);
        assertEquals(13.5, columns / mass, 0.75, "still upright in the middle");
    }

    @Test
    void noisyGreyScanWithSpecksGivesTheSameDigit() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(100, 100, 215, 40, 30, 20, 8, 40);
        Random random = new Random(7);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                int value = scan.getRaster().getSample(x, y, 0) + (int) Math.round(random.nextGaussian() * 8);
                scan.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, value)));
            }
        }
        // Isolated dust specks far from the digit must not widen the crop.
        scan.getRaster().setSample(3, 3, 0, 0);
        scan.getRaster().setSample(95, 90, 0, 0);

        float[] pixels = pixels(scan, "png");

        assertMatchesShape(SyntheticImages.expectedField(12, 4, 4, 20), pixels, 0.25f);
    }

    /**
     * An 8x40 bar becomes 4x20 with centre of mass (1.5, 9.5): columns 12..15, rows 4..23. (An odd width would put
     * the shift exactly on a .5 that JPEG's slightly uneven ink could round either way.)
     */
    @Test
    void jpegScanGivesTheSameDigit() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(100, 100, 255, 0, 30, 20, 8, 40);

        assertMatchesShape(SyntheticImages.expectedField(12, 4, 4, 20), pixels(scan, "jpeg"), 0.1f);
    }

    @Test
    void rawMnistBytesArePassedThroughScaledToUnitRange() throws Exception {
        byte[] raw = new byte[784];
        raw[0] = (byte) 255;
        raw[400] = (byte) 128;

        float[] pixels = preprocessor.pixels(event(ImageEncoding.RAW, 28, 28, raw));

        assertEquals(1f, pixels[0]);
        assertEquals(128 / 255f, pixels[400], 1e-6f);
        assertEquals(0f, pixels[1]);
    }

    @Test
    void blankScanBecomesAnEmptyField() throws Exception {
        BufferedImage scan = SyntheticImages.rectangle(50, 50, 255, 255, 0, 0, 0, 0);

        assertArrayEquals(new float[784], pixels(scan, "png"));
    }

    @Test
    void rawImageWithTheWrongByteCountIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.RAW, 28, 28, new byte[783])));

        assertEquals(DlqReason.WRONG_SIZE, e.reason());
    }

    @Test
    void rawImageThatIsNot28By28IsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.RAW, 14, 56, new byte[784])));

        assertEquals(DlqReason.WRONG_SIZE, e.reason());
    }

    @Test
    void declaredSizeThatDiffersFromThePngHeaderIsRefused() {
        byte[] png = SyntheticImages.encode(SyntheticImages.rectangle(40, 30, 255, 0, 5, 5, 5, 5), "png");

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.PNG, 30, 40, png)));

        assertEquals(DlqReason.WRONG_SIZE, e.reason());
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderBeforeDecoding() {
        byte[] bomb = SyntheticImages.pngHeaderOnly(100_000, 100_000);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(bomb, ImageEncoding.PNG));

        assertEquals(DlqReason.IMAGE_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void truncatedPngIsCorrupt() {
        byte[] png = SyntheticImages.encode(SyntheticImages.rectangle(40, 40, 255, 0, 5, 5, 20, 20), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.PNG, 40, 40, truncated)));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
    }

    /** ImageIO only warns about a JPEG cut short and fills the rest grey; the event must still be refused. */
    @Test
    void truncatedJpegIsCorrupt() {
        byte[] jpeg = SyntheticImages.encode(SyntheticImages.rectangle(200, 200, 255, 0, 5, 5, 150, 150), "jpeg");
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length * 9 / 10);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.JPEG, 200, 200, truncated)));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void bytesThatAreNoImageAreCorrupt() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.JPEG, 28, 28, "not an image".getBytes())));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
    }

    @Test
    void pngDeclaredAsJpegIsCorrupt() {
        byte[] png = SyntheticImages.encode(SyntheticImages.rectangle(28, 28, 255, 0, 5, 5, 5, 5), "png");

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> preprocessor.pixels(event(ImageEncoding.JPEG, 28, 28, png)));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
    }

    private float[] pixels(BufferedImage scan, String format) throws InvalidEventException {
        ImageEncoding encoding = format.equals("png") ? ImageEncoding.PNG : ImageEncoding.JPEG;
        return preprocessor.pixels(event(encoding, scan.getWidth(), scan.getHeight(), SyntheticImages.encode(scan, format)));
    }

    private static DigitImage event(ImageEncoding encoding, int width, int height, byte[] bytes) {
        return new DigitImage("img-1", null, Instant.parse("2026-01-01T00:00:00Z"), encoding, width, height, bytes);
    }

    /** Same inked pixels (over one half) as expected, and no value further than {@code tolerance} from it. */
    private static void assertMatchesShape(float[] expected, float[] actual, float tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] > 0.5f, actual[i] > 0.5f, "ink at pixel (" + i % 28 + ", " + i / 28 + ")");
            assertEquals(expected[i], actual[i], tolerance, "value at pixel (" + i % 28 + ", " + i / 28 + ")");
        }
    }
}
