package io.digitstream.schemas;

/**
 * How one model (or the ensemble) reads whole form fields in a {@link ModelMetrics} window, scored by
 * {@link FieldMatch} against {@link Topics#FIELD_LABELS}. The quality fields are {@code null} while
 * {@code labelledCount} is 0, as in {@link ModelMetrics}.
 *
 * @param readCount      fields read in the window
 * @param labelledCount  fields read in the window whose true string is known
 * @param exactMatch     share of labelled fields read exactly
 * @param digitAccuracy  share of the labelled fields' true digits read right ({@link FieldMatch})
 * @param lengthAccuracy share of labelled fields read at their true length
 */
public record FieldMetrics(long readCount, long labelledCount, Double exactMatch, Double digitAccuracy,
        Double lengthAccuracy) {

    public FieldMetrics {
        Require.notNegative(readCount, "fields.readCount");
        Require.notNegative(labelledCount, "fields.labelledCount");
        Require.unitIntervalOrNull(exactMatch, "fields.exactMatch");
        Require.unitIntervalOrNull(digitAccuracy, "fields.digitAccuracy");
        Require.unitIntervalOrNull(lengthAccuracy, "fields.lengthAccuracy");
        boolean anyQuality = exactMatch != null || digitAccuracy != null || lengthAccuracy != null;
        boolean allQuality = exactMatch != null && digitAccuracy != null && lengthAccuracy != null;
        if (labelledCount == 0 ? anyQuality : !allQuality) {
            throw new IllegalArgumentException("fields' quality must be null exactly while fields.labelledCount is 0");
        }
    }
}
