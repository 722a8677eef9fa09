package io.digitstream.simulator.source;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Conversions between row-major grey bytes, {@link BufferedImage}s and PNG files, all through ImageIO. */
public final class GrayscaleImages {

    static {
        // ImageIO otherwise buffers every in-memory stream through a temporary file, which slows PNG encoding
        // several-fold and would make the simulator, not the service, the bottleneck.
        ImageIO.setUseCache(false);
    }

    private GrayscaleImages() {
    }

    /** Wraps a copy of row-major grey bytes as an 8-bit grey image. */
    public static BufferedImage fromBytes(byte[] pixels, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, target, 0, width * height);
        return image;
    }

    /** The row-major grey bytes of an image of any type (colour is converted to luminance by Java2D). */
    public static byte[] toBytes(BufferedImage image) {
        BufferedImage gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY ? image : toGray(image);
        byte[] data = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        return data.clone();
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed in memory", e);
        }
        return out.toByteArray();
    }

    /** Decodes PNG or JPEG bytes; fails with the origin in the message when they are not a readable image. */
    public static BufferedImage decode(byte[] bytes, String origin) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException(origin + " is not a readable PNG or JPEG image");
        }
        return image;
    }

    private static BufferedImage toGray(BufferedImage image) {
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(image, 0, 0, null);
        return gray;
    }
}
