package io.digitstream.schemas;

/** The fewest and most digits a form field may hold, both within [1, {@link FieldImage#MAX_DIGITS}]. */
public record LengthRange(int min, int max) {

    public LengthRange {
        Require.inRange(min, 1, FieldImage.MAX_DIGITS, "lengthRange.min");
        Require.inRange(max, 1, FieldImage.MAX_DIGITS, "lengthRange.max");
        if (min > max) {
            throw new IllegalArgumentException("lengthRange.min (" + min + ") must not exceed lengthRange.max (" + max + ")");
        }
    }

    public static LengthRange exactly(int length) {
        return new LengthRange(length, length);
    }

    public boolean contains(int length) {
        return length >= min && length <= max;
    }
}
