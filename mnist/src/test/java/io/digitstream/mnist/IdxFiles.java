package io.digitstream.mnist;

import java.nio.ByteBuffer;

/** Builds tiny IDX files byte by byte, so each test shows exactly what is wrong with its input. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** A header of {@code magic} and {@code dimensions}, followed by {@code body}. */
    static byte[] idx(int magic, int[] dimensions, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + body.length);
        buffer.putInt(magic);
        for (int dimension : dimensions) {
            buffer.putInt(dimension);
        }
        buffer.put(body);
        return buffer.array();
    }

    static byte[] images(int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    static byte[] labels(int... digits) {
        byte[] body = new byte[digits.length];
        for (int i = 0; i < digits.length; i++) {
            body[i] = (byte) digits[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {digits.length}, body);
    }
}
