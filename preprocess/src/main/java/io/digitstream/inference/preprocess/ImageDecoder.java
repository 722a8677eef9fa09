package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns image bytes into luminance. PNG and JPEG dimensions are read from the file header and checked against the
 * limits before a single pixel is decoded, so a small file that claims a huge canvas (a decompression bomb) is refused
 * cheaply; an accepted image is decoded subsampled down to the decode budget, so the work and the memory per image are
 * bounded by the budget rather than by the image's size.
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
    static float[] rawInk(byte[] bytes, int width, int height) throws InvalidEventException {
        if (width != ModelContract.SIDE || height != ModelContract.SIDE) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE,
                    "raw images must be 28x28 (MNIST layout) but the event declares " + width + "x" + height);
        }
        if (bytes.length != width * height) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE,
                    "raw 28x28 image needs 784 bytes but the data holds " + bytes.length);
        }
        float[] ink = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ink[i] = (bytes[i] & 0xFF) / 255f;
        }
        return ink;
    }

    /**
     * A raw field: width*height bytes, ink high (MNIST polarity), of any size within the decode budget. It is not
     * subsampled: raw pixels come from a program that can send them at the size it means.
     */
    GrayImage rawField(byte[] bytes, int width, int height) throws InvalidEventException {
        checkDimensions(width, height, -1, -1);
        if ((long) width * height > limits.maxDecodePixels()) {
            throw new InvalidEventException(DlqReason.IMAGE_TOO_LARGE, "raw field is " + width + "x" + height
                    + ", over the decode limit of " + limits.maxDecodePixels() + " pixels (send it as PNG to have it"
                    + " subsampled)");
        }
        if (bytes.length != width * height) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE, "raw " + width + "x" + height + " field needs "
                    + width * height + " bytes but the data holds " + bytes.length);
        }
        float[] luminance = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            luminance[i] = (bytes[i] & 0xFF) / 255f;
        }
        return new GrayImage(width, height, luminance);
    }

    /**
     * Decodes a PNG or JPEG file, subsampled when it has more pixels than the decode budget.
     *
     * @param declaredWidth  the width the event claims, or -1 when there is no claim (an HTTP upload)
     * @param declaredHeight the height the event claims, or -1
     */
    GrayImage decode(byte[] bytes, ImageEncoding encoding, int declaredWidth, int declaredHeight)
            throws InvalidEventException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(input, encoding);
            try {
                reader.setInput(input, true, true);
                JpegDamageWarnings damage = new JpegDamageWarnings();
                // PNG's reader throws on damaged image data itself; it warns only about ancillary chunks it ignores.
                if (encoding == ImageEncoding.JPEG) {
                    reader.addIIOReadWarningListener(damage);
                }
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDimensions(width, height, declaredWidth, declaredHeight);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsamplingStep(width, height, limits.maxDecodePixels());
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (damage.firstDamage() != null) {
                    throw new InvalidEventException(DlqReason.CORRUPT_IMAGE,
                            "jpeg image is damaged (" + damage.firstDamage() + "); its missing part would be grey fill");
                }
                return Luminance.of(image);
            } finally {
                reader.dispose();
            }
        } catch (InvalidEventException refused) {
            // Our own verdict (too large, wrong size, damaged): an unchecked exception, so it must not be taken for
            // one of ImageIO's below and become corrupt-image.
            throw refused;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated and malformed files through both IOExceptions and runtime exceptions.
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE,
                    encoding.wireName() + " image cannot be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * The smallest step n such that every n-th pixel of every n-th row fits the budget. The same step on both axes
     * keeps the digit's aspect ratio, which the MNIST recipe preserves.
     */
    static int subsamplingStep(int width, int height, long maxDecodePixels) {
        int step = 1;
        while ((long) ceilDiv(width, step) * ceilDiv(height, step) > maxDecodePixels) {
            step++;
        }
        return step;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static ImageReader readerFor(ImageInputStream input, ImageEncoding encoding)
            throws InvalidEventException, IOException {
        if (input == null) {
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE, "image bytes cannot be read");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE,
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
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE,
                    "data is a " + format + " file but the event declares encoding " + encoding.wireName());
        }
        return reader;
    }

    private void checkDimensions(int width, int height, int declaredWidth, int declaredHeight)
            throws InvalidEventException {
        if (width > limits.maxWidth() || height > limits.maxHeight() || (long) width * height > limits.maxPixels()) {
            throw new InvalidEventException(DlqReason.IMAGE_TOO_LARGE, "image header declares " + width + "x" + height
                    + ", over the limit of " + limits.maxWidth() + "x" + limits.maxHeight() + " and "
                    + limits.maxPixels() + " pixels");
        }
        if (declaredWidth >= 0 && (width != declaredWidth || height != declaredHeight)) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE, "image is " + width + "x" + height
                    + " but the event declares " + declaredWidth + "x" + declaredHeight);
        }
    }
}
