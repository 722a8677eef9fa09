package io.digitstream.inference.metrics;

import io.digitstream.schemas.FieldMatch;
import io.digitstream.schemas.FieldMetrics;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The form-field part of a {@link MetricsAccumulator}: fields read, and how the labelled ones matched. */
final class FieldCounts {

    private long read;
    private long labelled;
    private long exact;
    private long lengthRight;
    private long digits;
    private long digitsRight;

    void recordRead() {
        read++;
    }

    void record(FieldMatch match) {
        labelled++;
        exact += match.exact() ? 1 : 0;
        lengthRight += match.lengthRight() ? 1 : 0;
        digits += match.digits();
        digitsRight += match.digitsRight();
    }

    void merge(FieldCounts other) {
        read += other.read;
        labelled += other.labelled;
        exact += other.exact;
        lengthRight += other.lengthRight;
        digits += other.digits;
        digitsRight += other.digitsRight;
    }

    /** {@code null} when the window saw no field at all, so digit-only metrics stay as they were. */
    FieldMetrics toFieldMetrics() {
        if (read == 0 && labelled == 0) {
            return null;
        }
        if (labelled == 0) {
            return new FieldMetrics(read, 0, null, null, null);
        }
        return new FieldMetrics(read, labelled, (double) exact / labelled, (double) digitsRight / digits,
                (double) lengthRight / labelled);
    }

    void writeTo(DataOutputStream out) throws IOException {
        for (long count : new long[] {read, labelled, exact, lengthRight, digits, digitsRight}) {
            out.writeLong(count);
        }
    }

    static FieldCounts readFrom(DataInputStream in) throws IOException {
        FieldCounts counts = new FieldCounts();
        counts.read = in.readLong();
        counts.labelled = in.readLong();
        counts.exact = in.readLong();
        counts.lengthRight = in.readLong();
        counts.digits = in.readLong();
        counts.digitsRight = in.readLong();
        return counts;
    }
}
