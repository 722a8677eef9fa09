package io.digitstream.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Parses the IDX format of the MNIST distribution: a big-endian header (magic number, then one 32-bit size per
 * dimension) followed by unsigned bytes. Images are IDX3 (magic 2051), labels IDX1 (magic 2049). Files whose name
 * ends in {@code .gz} are decompressed on the fly.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** MNIST digits are 28x28 pixels; {@link #readSplit} insists on it so every consumer can rely on it. */
    public static final int MNIST_SIDE = 28;

    private IdxReader() {
    }

    public static MnistImages readImages(Path path) throws IOException {
        return readImages(readBytes(path), path.toString());
    }

    public static MnistLabels readLabels(Path path) throws IOException {
        return readLabels(readBytes(path), path.toString());
    }

    /** Reads images and labels of one split and checks that they belong together and are 28x28. */
    public static MnistSplit readSplit(Path imagesPath, Path labelsPath) throws IOException {
        MnistImages images = readImages(imagesPath);
        MnistLabels labels = readLabels(labelsPath);
        if (images.rows() != MNIST_SIDE || images.cols() != MNIST_SIDE) {
            throw new MnistFormatException(imagesPath + ": images are " + images.rows() + "x" + images.cols()
                    + ", MNIST digits must be " + MNIST_SIDE + "x" + MNIST_SIDE);
        }
        if (images.count() != labels.count()) {
            throw new MnistFormatException(imagesPath + " has " + images.count() + " images but " + labelsPath
                    + " has " + labels.count() + " labels; the counts must agree");
        }
        return new MnistSplit(images, labels);
    }

    /** @param source names the data in error messages, e.g. its path */
    public static MnistImages readImages(byte[] bytes, String source) throws MnistFormatException {
        ByteBuffer buffer = header(bytes, source, IMAGES_MAGIC, 3, "IDX3 images");
        int count = dimension(buffer, source, "image count", 0);
        int rows = dimension(buffer, source, "rows", 1);
        int cols = dimension(buffer, source, "columns", 1);
        byte[] pixels = body(buffer, source, (long) count * rows * cols,
                count + " images of " + rows + "x" + cols);
        return new MnistImages(count, rows, cols, pixels);
    }

    /** @param source names the data in error messages, e.g. its path */
    public static MnistLabels readLabels(byte[] bytes, String source) throws MnistFormatException {
        ByteBuffer buffer = header(bytes, source, LABELS_MAGIC, 1, "IDX1 labels");
        int count = dimension(buffer, source, "label count", 0);
        byte[] labels = body(buffer, source, count, count + " labels");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new MnistFormatException(source + ": label " + i + " is " + Byte.toUnsignedInt(labels[i])
                        + ", not a digit 0..9");
            }
        }
        return new MnistLabels(labels);
    }

    private static ByteBuffer header(byte[] bytes, String source, int expectedMagic, int dimensions, String kind)
            throws MnistFormatException {
        // The magic number is checked first: a wrong kind of file is a clearer message than "truncated".
        int headerSize = 4 + 4 * dimensions;
        if (bytes.length < 4) {
            throw truncatedHeader(bytes, source, headerSize, kind);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int magic = buffer.getInt();
        if (magic != expectedMagic) {
            throw new MnistFormatException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (%d) for %s",
                    source, magic, expectedMagic, expectedMagic, kind));
        }
        if (bytes.length < headerSize) {
            throw truncatedHeader(bytes, source, headerSize, kind);
        }
        return buffer;
    }

    private static MnistFormatException truncatedHeader(byte[] bytes, String source, int headerSize, String kind) {
        return new MnistFormatException(source + ": truncated, " + bytes.length + " bytes is shorter than the "
                + headerSize + "-byte header of " + kind);
    }

    private static int dimension(ByteBuffer buffer, String source, String name, int minimum)
            throws MnistFormatException {
        int value = buffer.getInt();
        if (value < minimum) {
            throw new MnistFormatException(source + ": " + name + " is " + value + ", must be at least " + minimum);
        }
        return value;
    }

    private static byte[] body(ByteBuffer buffer, String source, long expectedLength, String description)
            throws MnistFormatException {
        if (buffer.remaining() < expectedLength) {
            throw new MnistFormatException(source + ": truncated, the header announces " + description + " ("
                    + expectedLength + " bytes) but only " + buffer.remaining() + " bytes follow");
        }
        if (buffer.remaining() > expectedLength) {
            throw new MnistFormatException(source + ": " + (buffer.remaining() - expectedLength)
                    + " unexpected bytes after " + description + "; wrong dimensions in the header?");
        }
        byte[] body = new byte[(int) expectedLength];
        buffer.get(body);
        return body;
    }

    private static byte[] readBytes(Path path) throws IOException {
        if (!path.getFileName().toString().endsWith(".gz")) {
            return Files.readAllBytes(path);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            return in.readAllBytes();
        } catch (EOFException | ZipException e) {
            throw new MnistFormatException(path + ": truncated or not valid gzip (" + e.getMessage() + ")", e);
        }
    }
}
