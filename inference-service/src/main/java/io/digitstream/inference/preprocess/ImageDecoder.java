package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns image bytes into luminance. PNG and JPEG dimensions are read from the file header and checked against the
 * limits before a single pixel is decoded, so a small file that claims a huge canvas (a decompression bomb) is refused
 * cheaply.
 */
final class ImageDecoder {

    static {
        // Decoding happens in memory; ImageIO's default disk cache would write a temporary file per image.
        ImageIO.setUseCache(false);
    }

    private final ImageLimits limits;

    ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    /** Raw images are already in MNIST polarity and size, so they are returned as ink levels, not luminance. */
    static float[] rawInk(byte[] bytes, int width, int height) throws InvalidInputException {
        if (width != MnistNormalizer.SIDE || height != MnistNormalizer.SIDE) {
            throw new InvalidInputException(DlqReason.WRONG_SIZE,
                    "raw images must be 28x28 (MNIST layout) but the event declares " + width + "x" + height);
        }
        if (bytes.length != width * height) {
            throw new InvalidInputException(DlqReason.WRONG_SIZE,
                    "raw 28x28 image needs 784 bytes but the data holds " + bytes.length);
        }
        float[] ink = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ink[i] = (bytes[i] & 0xFF) / 255f;
        }
        return ink;
    }

    /**
     * Decodes a PNG or JPEG file.
     *
     * @param declaredWidth  the width the event claims, or -1 when there is no claim (an HTTP upload)
     * @param declaredHeight the height the event claims, or -1
     */
    GrayImage decode(byte[] bytes, ImageEncoding encoding, int declaredWidth, int declaredHeight)
            throws InvalidInputException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(input, encoding);
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDimensions(width, height, declaredWidth, declaredHeight);
                return luminance(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated and malformed files through both IOExceptions and runtime exceptions.
            throw new InvalidInputException(DlqReason.CORRUPT_IMAGE,
                    encoding.wireName() + " image cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static ImageReader readerFor(ImageInputStream input, ImageEncoding encoding)
            throws InvalidInputException, IOException {
        if (input == null) {
            throw new InvalidInputException(DlqReason.CORRUPT_IMAGE, "image bytes cannot be read");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new InvalidInputException(DlqReason.CORRUPT_IMAGE,
                    "data is not a " + encoding.wireName() + " file (unrecognised format)");
        }
        ImageReader reader = readers.next();
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        boolean expected = switch (encoding) {
            case PNG -> format.equals("png");
            case JPEG -> format.equals("jpeg") || format.equals("jpg");
            case RAW -> false;
        };
        if (!expected) {
            reader.dispose();
            throw new InvalidInputException(DlqReason.CORRUPT_IMAGE,
                    "data is a " + format + " file but the event declares encoding " + encoding.wireName());
        }
        return reader;
    }

    private void checkDimensions(int width, int height, int declaredWidth, int declaredHeight)
            throws InvalidInputException {
        if (width > limits.maxWidth() || height > limits.maxHeight() || (long) width * height > limits.maxPixels()) {
            throw new InvalidInputException(DlqReason.IMAGE_TOO_LARGE, "image header declares " + width + "x" + height
                    + ", over the limit of " + limits.maxWidth() + "x" + limits.maxHeight() + " and "
                    + limits.maxPixels() + " pixels");
        }
        if (declaredWidth >= 0 && (width != declaredWidth || height != declaredHeight)) {
            throw new InvalidInputException(DlqReason.WRONG_SIZE, "image is " + width + "x" + height
                    + " but the event declares " + declaredWidth + "x" + declaredHeight);
        }
    }

    /**
     * Grey images are read from the raster directly: {@code getRGB} would pass them through a linear-to-sRGB
     * conversion and brighten every mid-grey. Transparent pixels are composited over white paper.
     */
    private static GrayImage luminance(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] luminance = new float[width * height];
        ColorModel colorModel = image.getColorModel();
        if (colorModel.getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            float greyMax = (1 << colorModel.getComponentSize(0)) - 1;
            boolean alpha = colorModel.hasAlpha();
            float alphaMax = alpha ? (1 << colorModel.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float grey = raster.getSample(x, y, 0) / greyMax;
                    float opacity = alpha ? raster.getSample(x, y, 1) / alphaMax : 1;
                    luminance[y * width + x] = overWhite(grey, opacity);
                }
            }
        } else {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int argb = image.getRGB(x, y);
                    float grey = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
                    luminance[y * width + x] = overWhite(grey, ((argb >>> 24) & 0xFF) / 255f);
                }
            }
        }
        return new GrayImage(width, height, luminance);
    }

    private static float overWhite(float grey, float opacity) {
        return grey * opacity + (1 - opacity);
    }
}
