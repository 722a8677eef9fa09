package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Turns an image event into a {@code data:} URL the browser can show as it is. PNG and JPEG scans are passed through
 * untouched; raw MNIST bytes (ink high) become a PNG with dark ink on white, so every thumbnail looks like paper.
 */
final class ThumbnailEncoder {

    private final int maxBytes;

    ThumbnailEncoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Empty when the image is too large to ship on every poll or its data is not valid base64. */
    Optional<String> dataUrl(DigitImage image) {
        return dataUrl(image.data(), image.encoding(), image.width(), image.height());
    }

    /** A form field's scan, the same way. */
    Optional<String> dataUrl(FieldImage field) {
        return dataUrl(field.data(), field.encoding(), field.width(), field.height());
    }

    private Optional<String> dataUrl(String base64, ImageEncoding encoding, int width, int height) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length > maxBytes) {
            return Optional.empty();
        }
        return switch (encoding) {
            case PNG -> Optional.of(dataUrl("image/png", bytes));
            case JPEG -> Optional.of(dataUrl("image/jpeg", bytes));
            case RAW -> bytes.length == width * height
                    ? Optional.of(dataUrl("image/png", rawToPng(bytes, width, height)))
                    : Optional.empty();
        };
    }

    private static String dataUrl(String mediaType, byte[] bytes) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] rawToPng(byte[] ink, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, 255 - (ink[y * width + x] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding in memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
