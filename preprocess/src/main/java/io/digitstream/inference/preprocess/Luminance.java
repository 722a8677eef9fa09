package io.digitstream.inference.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as luminance in [0, 1], transparent pixels composited over white paper. What ImageIO's PNG and JPEG
 * readers produce (grey, sRGB components, palettes) is read from the raster a row at a time: {@code getRGB} per pixel
 * allocated an array per pixel (200 MB for a 4096x2048 scan) and took a quarter of its decoding time
 * (docs/benchmarks.md). Only other colour models (a JPEG with an embedded non-sRGB profile) still go through Java2D's
 * conversion to sRGB.
 */
final class Luminance {

    private Luminance() {
    }

    static GrayImage of(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        if (colorModel.getNumColorComponents() == 1) {
            return grey(image);
        }
        if (colorModel instanceof IndexColorModel palette) {
            return indexed(image, palette);
        }
        if (colorModel instanceof ComponentColorModel && colorModel.getColorSpace().isCS_sRGB()
                && !colorModel.isAlphaPremultiplied()) {
            return srgbComponents(image);
        }
        return viaSrgb(image);
    }

    /**
     * Grey samples are used as they are: {@code getRGB} would pass them through a linear-to-sRGB conversion and
     * brighten every mid-grey.
     */
    private static GrayImage grey(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        float greyMax = maxSample(colorModel, 0);
        boolean alpha = colorModel.hasAlpha();
        float alphaMax = alpha ? maxSample(colorModel, 1) : 1;
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        float[] luminance = new float[width * height];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                float opacity = alpha ? row[x * bands + 1] / alphaMax : 1;
                luminance[y * width + x] = overWhite(row[x * bands] / greyMax, opacity);
            }
        }
        return new GrayImage(width, height, luminance);
    }

    /** Palette images (PNG colour type 3, any bit depth): one lookup per pixel. */
    private static GrayImage indexed(BufferedImage image, IndexColorModel palette) {
        // Sized by the index's bit depth, not the palette's length: ImageIO pads a short palette, so every index a
        // pixel can hold has an entry.
        float[] lookup = new float[1 << palette.getPixelSize()];
        for (int i = 0; i < lookup.length; i++) {
            int argb = palette.getRGB(i);
            lookup[i] = overWhite(weighted((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF) / 255f,
                    ((argb >>> 24) & 0xFF) / 255f);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        int[] row = new int[width];
        float[] luminance = new float[width * height];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                luminance[y * width + x] = lookup[row[x]];
            }
        }
        return new GrayImage(width, height, luminance);
    }

    /** Red, green, blue (and alpha) bands in sRGB, 8 or 16 bits: the same values {@code getRGB} would return. */
    private static GrayImage srgbComponents(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        float redMax = maxSample(colorModel, 0);
        float greenMax = maxSample(colorModel, 1);
        float blueMax = maxSample(colorModel, 2);
        boolean alpha = colorModel.hasAlpha();
        float alphaMax = alpha ? maxSample(colorModel, 3) : 1;
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        float[] luminance = new float[width * height];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0, i = 0; x < width; x++, i += bands) {
                float grey = weighted(row[i] / redMax, row[i + 1] / greenMax, row[i + 2] / blueMax);
                luminance[y * width + x] = overWhite(grey, alpha ? row[i + 3] / alphaMax : 1);
            }
        }
        return new GrayImage(width, height, luminance);
    }

    private static GrayImage viaSrgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] row = new int[width];
        float[] luminance = new float[width * height];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                float grey = weighted((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF) / 255f;
                luminance[y * width + x] = overWhite(grey, ((argb >>> 24) & 0xFF) / 255f);
            }
        }
        return new GrayImage(width, height, luminance);
    }

    private static float maxSample(ColorModel colorModel, int component) {
        return (1 << colorModel.getComponentSize(component)) - 1;
    }

    /** ITU-R BT.601 luma, the weights MNIST-style greyscale conversions use. */
    private static float weighted(float red, float green, float blue) {
        return 0.299f * red + 0.587f * green + 0.114f * blue;
    }

    private static float overWhite(float grey, float opacity) {
        return grey * opacity + (1 - opacity);
    }
}
