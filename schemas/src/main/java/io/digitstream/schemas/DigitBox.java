package io.digitstream.schemas;

/** Where one digit of a form field is, in the field image's pixels; (x, y) is the top-left corner. */
public record DigitBox(int x, int y, int width, int height) {

    public DigitBox {
        Require.inRange(x, 0, DigitImage.MAX_SIDE - 1, "box.x");
        Require.inRange(y, 0, DigitImage.MAX_SIDE - 1, "box.y");
        Require.inRange(width, 1, DigitImage.MAX_SIDE, "box.width");
        Require.inRange(height, 1, DigitImage.MAX_SIDE, "box.height");
    }
}
