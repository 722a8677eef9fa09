package io.digitstream.schemas;

/**
 * How one reading of a field compares with its true string: the one scoring rule the service's live metrics and the
 * simulator's report share. Digits are compared position by position only when the length is right; a reading of the
 * wrong length gets every digit wrong, because which digit was dropped or added cannot be known.
 *
 * @param digits      the true string's length
 * @param digitsRight digits read right, position by position (0 when the length is wrong)
 * @param lengthRight whether the reading has the true length
 */
public record FieldMatch(int digits, int digitsRight, boolean lengthRight) {

    public FieldMatch {
        Require.inRange(digits, 1, FieldImage.MAX_DIGITS, "digits");
        Require.inRange(digitsRight, 0, digits, "digitsRight");
        if (!lengthRight && digitsRight != 0) {
            throw new IllegalArgumentException("a reading of the wrong length has no digit right, not " + digitsRight);
        }
    }

    /**
     * @param read  what a model (or the ensemble) read, possibly empty
     * @param truth the field's true digits
     */
    public static FieldMatch of(String read, String truth) {
        if (read.length() != truth.length()) {
            return new FieldMatch(truth.length(), 0, false);
        }
        int right = 0;
        for (int i = 0; i < truth.length(); i++) {
            right += read.charAt(i) == truth.charAt(i) ? 1 : 0;
        }
        return new FieldMatch(truth.length(), right, true);
    }

    /** Every digit right, and no digit more or less. */
    public boolean exact() {
        return lengthRight && digitsRight == digits;
    }
}
