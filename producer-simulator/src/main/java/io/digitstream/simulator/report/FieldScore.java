package io.digitstream.simulator.report;

/**
 * Accumulates how well one model (or the ensemble) reads whole fields: exact matches, digits right (position by
 * position when the length is right; every digit of a field read at the wrong length counts as wrong) and lengths
 * right.
 */
public final class FieldScore {

    private long fields;
    private long exact;
    private long lengthRight;
    private long digits;
    private long digitsRight;

    public synchronized void record(String read, String truth) {
        fields++;
        digits += truth.length();
        if (read.length() != truth.length()) {
            return;
        }
        lengthRight++;
        int right = 0;
        for (int i = 0; i < truth.length(); i++) {
            right += read.charAt(i) == truth.charAt(i) ? 1 : 0;
        }
        digitsRight += right;
        exact += right == truth.length() ? 1 : 0;
    }

    public synchronized FieldQuality quality() {
        if (fields == 0) {
            return new FieldQuality(0, null, null, null);
        }
        return new FieldQuality(fields, (double) exact / fields, (double) digitsRight / digits,
                (double) lengthRight / fields);
    }
}
