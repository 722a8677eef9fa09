package io.digitstream.simulator.source;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.random.RandomGenerator;

/** Draws an MNIST digit (ink high on black) as a dark-on-light "scan" following a {@link ScanLayout}. */
public final class ScanRenderer {

    private ScanRenderer() {
    }

    /**
     * @param mnistPixels 28x28 row-major bytes, ink high
     * @param random      source of the noise; the same seed gives the same image
     */
    public static BufferedImage render(byte[] mnistPixels, int mnistSide, ScanLayout layout, RandomGenerator random) {
        BufferedImage scan = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scan.createGraphics();
        try {
            g.setColor(new Color(layout.paper(), layout.paper(), layout.paper()));
            g.fillRect(0, 0, layout.width(), layout.height());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(inkLayer(mnistPixels, mnistSide, layout.ink()), placement(mnistSide, layout), null);
        } finally {
            g.dispose();
        }
        addNoise(scan, layout.noiseSigma(), random);
        return scan;
    }

    /** The digit as ink-coloured strokes whose opacity is the MNIST intensity, so edges blend into the paper. */
    private static BufferedImage inkLayer(byte[] pixels, int side, int ink) {
        BufferedImage layer = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        int rgb = (ink << 16) | (ink << 8) | ink;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int alpha = Byte.toUnsignedInt(pixels[y * side + x]);
                layer.setRGB(x, y, (alpha << 24) | rgb);
            }
        }
        return layer;
    }

    private static AffineTransform placement(int side, ScanLayout layout) {
        AffineTransform transform = new AffineTransform();
        transform.translate(layout.centerX(), layout.centerY());
        transform.rotate(Math.toRadians(layout.angleDegrees()));
        transform.scale(layout.digitSize() / side, layout.digitSize() / side);
        transform.translate(-side / 2.0, -side / 2.0);
        return transform;
    }

    private static void addNoise(BufferedImage scan, double sigma, RandomGenerator random) {
        if (sigma <= 0) {
            return;
        }
        byte[] data = ((DataBufferByte) scan.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int value = (int) Math.round(Byte.toUnsignedInt(data[i]) + random.nextGaussian() * sigma);
            data[i] = (byte) Math.max(0, Math.min(255, value));
        }
    }
}
