package io.digitstream.schemas;

/** Kafka topic names. Every topic is keyed by image (or field) id, except {@link #METRICS}, which is keyed by model name. */
public final class Topics {

    /** {@link DigitImage} events from scanners and the simulator. */
    public static final String IMAGES = "digits.images";
    /** {@link DigitLabel} ground truth; may arrive before or after the prediction, or never. */
    public static final String LABELS = "digits.labels";
    /** {@link DigitPrediction}: exactly one per valid image. */
    public static final String PREDICTIONS = "digits.predictions";
    /** {@link ReviewItem}: low-confidence or disputed images for a human. */
    public static final String REVIEW = "digits.review";
    /** {@link ReviewAnswer}: a person's answer to a review item, with the item (compacted: the latest answer wins). */
    public static final String REVIEW_ANSWERS = "digits.review-answers";
    /** {@link FieldImage} events: a form field with several digits in one scan. */
    public static final String FIELDS = "digits.fields";
    /** {@link FieldReading}: exactly one per valid field. */
    public static final String FIELD_READINGS = "digits.field-readings";
    /** {@link FieldLabel} ground truth for fields; may arrive before or after the reading, or never. */
    public static final String FIELD_LABELS = "digits.field-labels";
    /** The original bytes of rejected input, with the {@link DlqHeaders} describing why. */
    public static final String DLQ = "digits.dlq";
    /** {@link ModelMetrics}, keyed by model name ({@code mlp}, {@code rnn}, {@code gru}, {@code cnn}, {@code ensemble}). */
    public static final String METRICS = "digits.metrics";

    private Topics() {
    }
}
