package io.digitstream.mnist;

/**
 * Greyscale images stored back to back, row-major, one unsigned byte per pixel (0..255, ink high, as in MNIST).
 * The array is shared, not copied, because the training set alone is 47 MB; callers must not modify it.
 */
public record MnistImages(int count, int rows, int cols, byte[] pixels) {

    public MnistImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "count must be >= 0 and rows/cols > 0, got " + count + "x" + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected "
                    + ((long) count * rows * cols) + " for " + count + " images of " + rows + "x" + cols);
        }
    }

    /** Number of pixels in one image. */
    public int imageSize() {
        return rows * cols;
    }

    /** A copy of one image's pixels, row-major. */
    public byte[] image(int index) {
        byte[] image = new byte[imageSize()];
        System.arraycopy(pixels, offsetOf(index), image, 0, image.length);
        return image;
    }

    /** One pixel as an int in 0..255. */
    public int pixel(int index, int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel (" + row + "," + col + ") outside " + rows + "x" + cols);
        }
        return Byte.toUnsignedInt(pixels[offsetOf(index) + row * cols + col]);
    }

    private int offsetOf(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image " + index + " outside 0.." + (count - 1));
        }
        return index * imageSize();
    }
}
