package io.digitstream.simulator.report;

import io.digitstream.schemas.FieldMatch;

/**
 * Accumulates how well one model (or the ensemble) reads whole fields: exact matches, digits right and lengths right,
 * each field scored by {@link FieldMatch}, the rule the service's live metrics use too.
 */
public final class FieldScore {

    private long fields;
    private long exact;
    private long lengthRight;
    private long digits;
    private long digitsRight;

    public synchronized void record(String read, String truth) {
        FieldMatch match = FieldMatch.of(read, truth);
        fields++;
        digits += match.digits();
        digitsRight += match.digitsRight();
        lengthRight += match.lengthRight() ? 1 : 0;
        exact += match.exact() ? 1 : 0;
    }

    public synchronized FieldQuality quality() {
        if (fields == 0) {
            return new FieldQuality(0, null, null, null);
        }
        return new FieldQuality(fields, (double) exact / fields, (double) digitsRight / digits,
                (double) lengthRight / fields);
    }
}
