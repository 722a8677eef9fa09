package io.digitstream.simulator.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticScanSourceTest {

    private static final ScanSettings SETTINGS = new ScanSettings(96, 80, 0.4, 0.9, 15, 12);

    /** Side of the axis-aligned box around the layout's rotated digit square. */
    private static double extent(ScanLayout layout) {
        double radians = Math.toRadians(layout.angleDegrees());
        return layout.digitSize() * (Math.abs(Math.cos(radians)) + Math.abs(Math.sin(radians)));
    }

    @Test
    void layoutsStayWithinTheirBoundsAndKeepTheRotatedDigitOnTheCanvas() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            ScanLayout layout = ScanLayout.random(SETTINGS, random);
            double half = extent(layout) / 2;
            assertTrue(Math.abs(layout.angleDegrees()) <= 15, "rotation " + layout.angleDegrees());
            assertTrue(layout.digitSize() <= 0.9 * 80 + 1e-9, "size " + layout.digitSize());
            // Shrinking for rotation never goes below minScale divided by the worst-case spread (cos 15 + sin 15).
            assertTrue(layout.digitSize() >= 0.4 * 80 / 1.2248, "size " + layout.digitSize());
            assertTrue(layout.centerX() - half >= -1e-9 && layout.centerX() + half <= 96 + 1e-9, "x " + layout);
            assertTrue(layout.centerY() - half >= -1e-9 && layout.centerY() + half <= 80 + 1e-9, "y " + layout);
            assertTrue(layout.noiseSigma() >= 0 && layout.noiseSigma() <= 12);
            assertTrue(layout.ink() < layout.paper(), "dark ink on light paper");
        }
    }

    @Test
    void rendersDarkInkOnLightPaperInsideTheLayoutBox() {
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            ScanLayout layout = withoutNoise(ScanLayout.random(SETTINGS, random));
            BufferedImage scan = ScanRenderer.render(TestDigits.split(1).images().image(0), 28, layout, random);
            byte[] pixels = GrayscaleImages.toBytes(scan);

            int threshold = (layout.paper() + layout.ink()) / 2;
            int minX = Integer.MAX_VALUE, maxX = -1, minY = Integer.MAX_VALUE, maxY = -1;
            for (int y = 0; y < scan.getHeight(); y++) {
                for (int x = 0; x < scan.getWidth(); x++) {
                    if (Byte.toUnsignedInt(pixels[y * scan.getWidth() + x]) < threshold) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            assertTrue(maxX >= 0, "some ink was drawn for " + layout);
            double half = extent(layout) / 2;
            assertTrue(minX >= Math.floor(layout.centerX() - half) - 1 && maxX <= Math.ceil(layout.centerX() + half),
                    "ink x " + minX + ".." + maxX + " outside " + layout);
            assertTrue(minY >= Math.floor(layout.centerY() - half) - 1 && maxY <= Math.ceil(layout.centerY() + half),
                    "ink y " + minY + ".." + maxY + " outside " + layout);
            // The ink square is 12 of 28 pixels wide, so the drawn ink spans about 12/28 of the digit size.
            double expectedInk = layout.digitSize() * 12 / 28;
            assertTrue(maxX - minX + 1 >= expectedInk - 2, "ink width " + (maxX - minX + 1) + " for " + layout);
            assertEquals(layout.paper(), Byte.toUnsignedInt(pixels[0]) , 1, "a corner is paper");
        }
    }

    @Test
    void scansArePngsOfTheCanvasSizeAndDarkOnLight() throws IOException {
        SyntheticScanSource source = new SyntheticScanSource(TestDigits.split(20), SETTINGS, 11);
        for (int i = 0; i < 20; i++) {
            SourceImage scan = source.next();
            assertEquals(ImageEncoding.PNG, scan.encoding());
            assertEquals(i % 10, scan.label());
            BufferedImage image = GrayscaleImages.decode(scan.data(), scan.origin());
            assertEquals(96, image.getWidth());
            assertEquals(80, image.getHeight());
            int[] histogram = new int[256];
            for (byte b : GrayscaleImages.toBytes(image)) {
                histogram[Byte.toUnsignedInt(b)]++;
            }
            assertTrue(median(histogram) > 128, "most of a scan is light paper");
        }
    }

    @Test
    void theSameSeedGivesTheSameScansAndAnotherSeedDoesNot() {
        SyntheticScanSource a = new SyntheticScanSource(TestDigits.split(5), SETTINGS, 42);
        SyntheticScanSource b = new SyntheticScanSource(TestDigits.split(5), SETTINGS, 42);
        SyntheticScanSource c = new SyntheticScanSource(TestDigits.split(5), SETTINGS, 43);
        for (int i = 0; i < 5; i++) {
            byte[] first = a.next().data();
            assertArrayEquals(first, b.next().data(), "scan " + i);
            assertFalse(Arrays.equals(first, c.next().data()), "scan " + i + " with another seed");
        }
    }

    @Test
    void settingsRejectImpossibleBounds() {
        assertThrows(IllegalArgumentException.class, () -> new ScanSettings(20, 96, 0.4, 0.9, 15, 12));
        assertThrows(IllegalArgumentException.class, () -> new ScanSettings(96, 96, 0.9, 0.4, 15, 12));
        assertThrows(IllegalArgumentException.class, () -> new ScanSettings(96, 96, 0.4, 1.5, 15, 12));
        assertThrows(IllegalArgumentException.class, () -> new ScanSettings(96, 96, 0.4, 0.9, 90, 12));
    }

    private static ScanLayout withoutNoise(ScanLayout l) {
        return new ScanLayout(l.width(), l.height(), l.digitSize(), l.centerX(), l.centerY(), l.angleDegrees(), 0,
                l.paper(), l.ink());
    }

    private static int median(int[] histogram) {
        int total = Arrays.stream(histogram).sum();
        int seen = 0;
        for (int value = 0; value < histogram.length; value++) {
            seen += histogram[value];
            if (seen * 2 >= total) {
                return value;
            }
        }
        return 255;
    }
}
