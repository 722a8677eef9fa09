package io.digitstream.inference.kafka;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ReviewReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a batch (or part of one) yields: the records to write, in input order, and what they are (predictions of
 * single digits, readings of fields, dead letters, review items), so the
 * metrics count what was written once, however often a failing batch had to be processed.
 */
public record BatchOutputs(List<OutputRecord> records, int predicted, int fieldsRead, List<DlqReason> rejected,
        List<ReviewReason> flagged) {

    public static final BatchOutputs EMPTY = new BatchOutputs(List.of(), 0, 0, List.of(), List.of());

    public BatchOutputs {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
        flagged = List.copyOf(flagged);
    }

    static BatchOutputs deadLetter(OutputRecord letter, DlqReason reason) {
        return new BatchOutputs(List.of(letter), 0, 0, List.of(reason), List.of());
    }

    /** This batch's outputs followed by {@code next}'s: the order of the inputs is kept. */
    BatchOutputs then(BatchOutputs next) {
        List<OutputRecord> records = new ArrayList<>(this.records);
        records.addAll(next.records);
        List<DlqReason> rejected = new ArrayList<>(this.rejected);
        rejected.addAll(next.rejected);
        List<ReviewReason> flagged = new ArrayList<>(this.flagged);
        flagged.addAll(next.flagged);
        return new BatchOutputs(records, predicted + next.predicted, fieldsRead + next.fieldsRead, rejected, flagged);
    }
}
