package io.digitstream.simulator.field;

/**
 * What kind of form fields {@link FieldComposer} makes.
 *
 * @param minDigits      the fewest digits in a field (1 to 32)
 * @param maxDigits      the most digits in a field
 * @param touchingShare  the chance that two neighbours (outside comb boxes) touch or overlap by up to 3 px
 * @param combBoxShare   the chance that a field is written in a printed comb box, one cell per digit
 * @param underlineShare the chance that a field (without comb box) is written on a printed underline
 * @param variation      size and baseline jitter, stroke width, blur, paper and ink levels, noise
 */
public record FieldStyle(int minDigits, int maxDigits, double touchingShare, double combBoxShare,
        double underlineShare, boolean variation) {

    public FieldStyle {
        if (minDigits < 1 || maxDigits > 32 || minDigits > maxDigits) {
            throw new IllegalArgumentException("digits per field must be within 1..32 with min <= max, got "
                    + minDigits + ".." + maxDigits);
        }
        for (double share : new double[] {touchingShare, combBoxShare, underlineShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must be within [0, 1], got " + share);
            }
        }
    }

    /** What the simulator sends by default: 3-10 digits, touching pairs, comb boxes and underlines, varied writing. */
    public static FieldStyle mixed() {
        return new FieldStyle(3, 10, 0.25, 0.25, 0.25, true);
    }

    /** Fields of exactly {@code length} digits with clear gaps, no printed lines: the easy case. */
    public static FieldStyle gapsOnly(int length) {
        return new FieldStyle(length, length, 0, 0, 0, true);
    }
}
