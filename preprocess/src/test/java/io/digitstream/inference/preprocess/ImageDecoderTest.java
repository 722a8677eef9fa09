package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding within the budget, damaged files, and every colour model ImageIO's PNG and JPEG readers produce. */
class ImageDecoderTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 22, 4096, 4096, 4096L * 4096, 100_000);
    private final ImageDecoder decoder = new ImageDecoder(LIMITS);

    @Test
    void subsamplingStepIsTheSmallestThatFitsTheBudget() {
        assertEquals(1, ImageDecoder.subsamplingStep(1000, 1000, 1_000_000));
        assertEquals(2, ImageDecoder.subsamplingStep(1001, 1000, 1_000_000));
        // 4096x2048 in 1 MiB pixels: every 2nd pixel leaves 2048x1024 = 2 Mi, every 3rd 1366x683 = 932,978.
        assertEquals(3, ImageDecoder.subsamplingStep(4096, 2048, 1 << 20));
        // Rounding up counts: 7x7 at step 2 keeps 4x4 = 16 pixels, over a budget of 15.
        assertEquals(3, ImageDecoder.subsamplingStep(7, 7, 15));
    }

    @Test
    void imageOverTheBudgetIsDecodedSubsampledWithItsAspectRatio() throws Exception {
        byte[] png = SyntheticImages.encode(SyntheticImages.rectangle(1000, 500, 255, 0, 100, 100, 300, 200), "png");

        GrayImage decoded = decoder.decode(png, ImageEncoding.PNG, 1000, 500);

        // 1000x500 = 500,000 pixels; every 3rd pixel leaves 334x167 = 55,778 <= 100,000 (every 2nd: 125,000).
        assertEquals(334, decoded.width());
        assertEquals(167, decoded.height());
        assertEquals(0f, decoded.at(100 / 3 + 1, 100 / 3 + 1));
        assertEquals(1f, decoded.at(10, 10));
    }

    @Test
    void imageWithinTheBudgetIsDecodedWhole() throws Exception {
        byte[] png = SyntheticImages.encode(SyntheticImages.rectangle(300, 300, 255, 0, 10, 10, 5, 5), "png");

        GrayImage decoded = decoder.decode(png, ImageEncoding.PNG, 300, 300);

        assertEquals(300, decoded.width());
        assertEquals(300, decoded.height());
    }

    /**
     * A JPEG cut short decodes "successfully" with the rest grey: the JPEG library only warns. Cut anywhere in the
     * image data, it is corrupt; the same decoder then still decodes a whole file.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.7, 0.9, 0.99})
    void jpegCutInTheImageDataIsCorruptAndTheNextImageStillDecodes(double keptFraction) throws Exception {
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpeg = jpeg(noisyScan(320, 240), progressive);
            byte[] truncated = Arrays.copyOf(jpeg, (int) (jpeg.length * keptFraction));

            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> decoder.decode(truncated, ImageEncoding.JPEG, 320, 240));

            assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
            assertEquals(320, decoder.decode(jpeg, ImageEncoding.JPEG, 320, 240).width());
        }
    }

    /** A subsampled decode skips rows, but not the check: a file cut near its end is still refused. */
    @Test
    void jpegOverTheBudgetCutNearItsEndIsCorrupt() throws Exception {
        byte[] jpeg = jpeg(noisyScan(1200, 900), false);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length - 200);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> decoder.decode(truncated, ImageEncoding.JPEG, 1200, 900));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("damaged (Corrupt JPEG data"), e.getMessage());
        // 1200x900 at every 4th pixel: 300x225 = 67,500 pixels (every 3rd: 120,000, over the budget).
        assertEquals(300, decoder.decode(jpeg, ImageEncoding.JPEG, 1200, 900).width());
    }

    /** Only the end-of-image marker is gone: every pixel is there, so the image is used. */
    @Test
    void jpegMissingOnlyItsEndMarkerDecodes() throws Exception {
        byte[] jpeg = jpeg(noisyScan(320, 240), false);
        byte[] withoutEoi = Arrays.copyOf(jpeg, jpeg.length - 2);

        GrayImage decoded = decoder.decode(withoutEoi, ImageEncoding.JPEG, 320, 240);

        assertEquals(320, decoded.width());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.7, 0.9, 0.99})
    void pngCutInTheImageDataIsCorruptAndTheNextImageStillDecodes(double keptFraction) throws Exception {
        byte[] png = SyntheticImages.encode(noisyScan(320, 240), "png");
        byte[] truncated = Arrays.copyOf(png, (int) (png.length * keptFraction));

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> decoder.decode(truncated, ImageEncoding.PNG, 320, 240));

        assertEquals(DlqReason.CORRUPT_IMAGE, e.reason());
        assertEquals(320, decoder.decode(png, ImageEncoding.PNG, 320, 240).width());
    }

    /** Each colour model ImageIO can hand back gives the luminance {@code getRGB} would, composited over white. */
    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY,
            BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB_PRE})
    void everyColourModelGivesTheLuminanceOfItsSrgbValues(int type) {
        BufferedImage image = new BufferedImage(37, 23, type);
        Random random = new Random(type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }

        float[] expected = new float[37 * 23];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                expected[y * 37 + x] = referenceLuminance(image, x, y);
            }
        }

        assertArrayEquals(expected, Luminance.of(image).luminance(), 1.5f / 255);
    }

    /** A 16-bit RGBA PNG decodes to 16-bit sRGB components with alpha; read as 8-bit {@code getRGB} would, or finer. */
    @Test
    void sixteenBitRgbaPngIsReadFromItsFile() throws Exception {
        ComponentColorModel colorModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true,
                false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(colorModel, colorModel.createCompatibleWritableRaster(31, 17), false,
                null);
        Random random = new Random(16);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }

        GrayImage decoded = decoder.decode(SyntheticImages.encode(image, "png"), ImageEncoding.PNG, 31, 17);

        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                assertEquals(referenceLuminance(image, x, y), decoded.at(x, y), 1.5f / 255, "at " + x + "," + y);
            }
        }
    }

    /** A two-bit palette PNG with a transparent entry (a tRNS chunk): the transparent pixel is white paper. */
    @Test
    void palettePngWithATransparentEntryIsReadFromItsFile() throws Exception {
        BufferedImage palette = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4,
                new byte[] {0, (byte) 255, 0, (byte) 200}, new byte[] {0, (byte) 255, 0, 0},
                new byte[] {0, (byte) 255, (byte) 255, 0}, new byte[] {(byte) 255, (byte) 255, 0, (byte) 255}));
        for (int x = 0; x < 20; x++) {
            palette.getRaster().setSample(x, 0, 0, x % 4);
        }

        GrayImage decoded = decoder.decode(SyntheticImages.encode(palette, "png"), ImageEncoding.PNG, 20, 10);

        assertEquals(0f, decoded.at(0, 0), 1e-6f);
        assertEquals(1f, decoded.at(1, 0), 1e-6f);
        assertEquals(1f, decoded.at(2, 0), 1e-6f);
        assertEquals(0.299f * 200 / 255, decoded.at(3, 0), 1e-6f);
    }

    private static float referenceLuminance(BufferedImage image, int x, int y) {
        int argb = image.getRGB(x, y);
        float grey = image.getColorModel().getNumColorComponents() == 1
                ? image.getRaster().getSample(x, y, 0) / (float) ((1 << image.getColorModel().getComponentSize(0)) - 1)
                : (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
        float opacity = ((argb >>> 24) & 0xFF) / 255f;
        return grey * opacity + (1 - opacity);
    }

    /** Paper with random grey specks and a dark bar: enough detail that every part of the file holds image data. */
    private static BufferedImage noisyScan(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int grey = x > width / 3 && x < width / 2 ? 20 : 200 + random.nextInt(56);
                image.setRGB(x, y, grey * 0x010101);
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
