package io.digitstream.inference.preprocess;

import io.digitstream.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Builds test images as real PNG/JPEG files, and the 28x28 arrays the MNIST recipe must turn them into. */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /** A grey image filled with {@code paper}, with a rectangle of {@code ink} (values 0..255). */
    static BufferedImage rectangle(int width, int height, int paper, int ink, int left, int top, int rectWidth,
            int rectHeight) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inRect = x >= left && x < left + rectWidth && y >= top && y < top + rectHeight;
                image.getRaster().setSample(x, y, 0, inRect ? ink : paper);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 28x28 field that is 1 inside the given rectangle and 0 elsewhere. */
    static float[] expectedField(int left, int top, int width, int height) {
        float[] field = new float[ModelContract.PIXELS];
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                field[y * ModelContract.SIDE + x] = 1f;
            }
        }
        return field;
    }

    /**
     * A PNG whose header claims {@code width x height} but which carries no image data: what a decompression bomb
     * looks like to a header reader. Decoding it fully would allocate width*height pixels.
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }
}
