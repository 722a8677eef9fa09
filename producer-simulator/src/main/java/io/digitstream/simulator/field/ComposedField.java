package io.digitstream.simulator.field;

import java.util.List;

/**
 * A form field made of MNIST test digits, as a PNG of dark ink on light paper, with its true value.
 *
 * @param origins  the MNIST test indices of the digits, left to right
 * @param boxes    each digit's ink box in the image, {x, y, width, height}, left to right
 * @param touching how many neighbouring pairs touch or overlap
 */
public record ComposedField(String value, int width, int height, byte[] png, List<int[]> boxes, List<Integer> origins,
        int touching, boolean combBox, boolean underline) {
}
