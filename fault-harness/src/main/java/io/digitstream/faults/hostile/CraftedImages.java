package io.digitstream.faults.hostile;

import io.digitstream.simulator.source.GrayscaleImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Image files made to hurt a decoder: a lying header, expensive noise, a JPEG cut in the middle. */
public final class CraftedImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private CraftedImages() {
    }

    /**
     * A small, well-formed PNG whose header claims {@code width} x {@code height} 8-bit grey pixels, followed by one
     * tiny compressed row: a decompression bomb as far as a decoder that trusts the header is concerned.
     */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        // IHDR: width, height, bit depth 8, colour type 0 (grey), compression 0, filter 0, interlace 0.
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(new byte[64]));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A {@code width} x {@code height} grey PNG of white paper with random dark specks, at most {@code maxBytes}
     * long: the speck density is halved until it fits (noise does not compress; sparse noise does). Decoding it costs
     * the full pixel count however small the file is.
     */
    public static byte[] noisePng(int width, int height, int maxBytes, long seed) {
        double density = 0.02;
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] png = GrayscaleImages.png(specks(width, height, density, seed));
            if (png.length <= maxBytes) {
                return png;
            }
            density /= 2;
        }
        throw new IllegalStateException("no " + width + "x" + height + " noise PNG fits in " + maxBytes + " bytes");
    }

    /**
     * A JPEG of the digit (MNIST raw bytes, drawn dark on white and enlarged {@code scale} times, as a scan would be)
     * cut off at half its length: the header and part of the scan data, no end-of-image marker.
     */
    public static byte[] truncatedJpeg(byte[] mnistDigit, int side, int scale) {
        BufferedImage scan = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) scan.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < side * scale; y++) {
            for (int x = 0; x < side * scale; x++) {
                pixels[y * side * scale + x] = (byte) (255 - (mnistDigit[(y / scale) * side + x / scale] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(scan, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer for grey images");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed in memory", e);
        }
        byte[] jpeg = out.toByteArray();
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    private static BufferedImage specks(int width, int height, double density, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, (byte) 255);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < pixels.length; i++) {
            if (random.nextDouble() < density) {
                pixels[i] = (byte) random.nextInt(128);
            }
        }
        return image;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[256];
        int length = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, length);
    }
}
