package io.digitstream.mnist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static io.digitstream.mnist.IdxFiles.idx;
import static io.digitstream.mnist.IdxFiles.images;
import static io.digitstream.mnist.IdxFiles.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesRowMajorAsUnsignedBytes() throws IOException {
        byte[] file = idx(IdxReader.IMAGES_MAGIC, new int[] {2, 2, 3},
                new byte[] {0, 1, 2, 3, 4, 5, (byte) 200, 7, 8, 9, 10, (byte) 255});

        MnistImages images = IdxReader.readImages(file, "tiny");

        assertEquals(2, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertEquals(5, images.pixel(0, 1, 2));
        assertEquals(200, images.pixel(1, 0, 0));
        assertEquals(255, images.pixel(1, 1, 2));
        assertArrayEquals(new byte[] {(byte) 200, 7, 8, 9, 10, (byte) 255}, images.image(1));
    }

    @Test
    void readsLabels() throws IOException {
        MnistLabels labels = IdxReader.readLabels(labels(7, 0, 9), "tiny");
        assertEquals(3, labels.count());
        assertEquals(9, labels.label(2));
    }

    @Test
    void rejectsABadMagicNumber() {
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readImages(labels(1, 2, 3), "labels-as-images"));
        assertTrue(error.getMessage().startsWith("labels-as-images: bad magic number 0x00000801, expected 0x00000803"),
                error.getMessage());
    }

    @Test
    void rejectsATruncatedHeader() {
        byte[] headerOnly = Arrays.copyOf(images(1, 2, 2), 10);
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readImages(headerOnly, "short"));
        assertTrue(error.getMessage().contains("truncated, 10 bytes is shorter than the 16-byte header"),
                error.getMessage());
    }

    @Test
    void rejectsTruncatedPixels() {
        byte[] complete = images(3, 28, 28);
        byte[] truncated = Arrays.copyOf(complete, complete.length - 1);
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readImages(truncated, "cut"));
        assertEquals("cut: truncated, the header announces 3 images of 28x28 (2352 bytes) but only 2351 bytes follow",
                error.getMessage());
    }

    @Test
    void rejectsBytesBeyondTheAnnouncedDimensions() {
        byte[] wrongDimensions = idx(IdxReader.IMAGES_MAGIC, new int[] {1, 2, 2}, new byte[5]);
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readImages(wrongDimensions, "long"));
        assertTrue(error.getMessage().contains("1 unexpected bytes after 1 images of 2x2"), error.getMessage());
    }

    @Test
    void rejectsZeroRows() {
        byte[] noRows = idx(IdxReader.IMAGES_MAGIC, new int[] {1, 0, 28}, new byte[0]);
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readImages(noRows, "flat"));
        assertEquals("flat: rows is 0, must be at least 1", error.getMessage());
    }

    @Test
    void rejectsALabelThatIsNotADigit() {
        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readLabels(labels(3, 10), "eleven"));
        assertEquals("eleven: label 1 is 10, not a digit 0..9", error.getMessage());
    }

    @Test
    void rejectsASplitWhoseImageAndLabelCountsDisagree() throws IOException {
        Path images = write("images", images(2, 28, 28));
        Path labels = write("labels", labels(1, 2, 3));

        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readSplit(images, labels));
        assertEquals(images + " has 2 images but " + labels + " has 3 labels; the counts must agree",
                error.getMessage());
    }

    @Test
    void rejectsASplitWhoseImagesAreNot28By28() throws IOException {
        Path images = write("images", images(2, 27, 28));
        Path labels = write("labels", labels(1, 2));

        MnistFormatException error = assertThrows(MnistFormatException.class,
                () -> IdxReader.readSplit(images, labels));
        assertTrue(error.getMessage().endsWith("images are 27x28, MNIST digits must be 28x28"), error.getMessage());
    }

    @Test
    void readsASplitFromGzipFiles() throws IOException {
        Path images = writeGzip("images.gz", images(2, 28, 28));
        Path labels = writeGzip("labels.gz", labels(4, 2));

        MnistSplit split = IdxReader.readSplit(images, labels);

        assertEquals(2, split.size());
        assertEquals(2, split.labels().label(1));
        assertEquals(Byte.toUnsignedInt((byte) (784 * 37)), split.images().pixel(1, 0, 0));
    }

    @Test
    void reportsATruncatedGzipFile() throws IOException {
        byte[] gzip = gzip(images(2, 28, 28));
        Path cut = write("images.gz", Arrays.copyOf(gzip, gzip.length / 2));

        MnistFormatException error = assertThrows(MnistFormatException.class, () -> IdxReader.readImages(cut));
        assertTrue(error.getMessage().startsWith(cut + ": truncated or not valid gzip"), error.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path writeGzip(String name, byte[] bytes) throws IOException {
        return write(name, gzip(bytes));
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }
}
