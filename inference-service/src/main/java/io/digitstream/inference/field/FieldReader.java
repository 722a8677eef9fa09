package io.digitstream.inference.field;

import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.FieldSegmenter;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;
import io.digitstream.schemas.FormRef;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.LengthRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a form field in two steps around the models, so a field's digits share the batched ONNX Runtime calls of
 * everything else in its batch: {@link #prepare} cuts the field into digits (each a {@link ClassificationRequest}),
 * and {@link #reading} puts the models' answers back together as one {@link FieldReading} with its doubts.
 */
public final class FieldReader {

    private final DigitImagePreprocessor preprocessor;
    private final double reviewThreshold;

    /** @param reviewThreshold a digit under this ensemble confidence makes the field doubtful (as for single digits) */
    public FieldReader(DigitImagePreprocessor preprocessor, double reviewThreshold) {
        this.preprocessor = preprocessor;
        this.reviewThreshold = reviewThreshold;
    }

    /** A field cut into digits, waiting for the models. */
    public record PendingField(String id, FormRef form, Instant capturedAt, Instant receivedAt,
            Optional<LengthRange> lengthHint, FieldSegmenter.Segmentation segmentation) {

        /**
         * One request per digit of the cut, left to right, then two per {@link FieldSegmenter.Alternative} (its left
         * and right half); each carries the field's id.
         */
        public List<ClassificationRequest> requests() {
            List<ClassificationRequest> requests = new ArrayList<>();
            segmentation.digits().forEach(digit -> requests.add(request(digit)));
            for (FieldSegmenter.Alternative alternative : segmentation.alternatives()) {
                requests.add(request(alternative.left()));
                requests.add(request(alternative.right()));
            }
            return requests;
        }

        private ClassificationRequest request(FieldSegmenter.Digit digit) {
            return new ClassificationRequest(id, capturedAt, receivedAt, digit.pixels());
        }
    }

    /** @throws InvalidEventException a field that cannot be read: bad image data, or more marks than a field holds */
    public PendingField prepare(FieldImage field, Instant receivedAt) throws InvalidEventException {
        return pending(field.id(), field.form(), field.capturedAt(), receivedAt, field.lengthHint(),
                preprocessor.field(field));
    }

    /** An uploaded PNG or JPEG field. */
    public PendingField prepare(String id, byte[] file, ImageEncoding encoding, Optional<LengthRange> lengthHint,
            Instant receivedAt) throws InvalidEventException {
        return pending(id, null, receivedAt, receivedAt, lengthHint, preprocessor.field(file, encoding, lengthHint));
    }

    /**
     * Whether a piece is read as two digits: when the ensemble is clearly surer of both halves than of the whole.
     * Halves of one digit often look like confident 1s, hence the margin; FieldReadingBenchmark compared it with
     * "surer of both", "surer of both and the whole under 0.9 or 0.7" and "the halves' product beats the whole",
     * which all split more single digits than they saved touching pairs.
     */
    static boolean splits(double whole, double left, double right) {
        return Math.min(left, right) > whole + SPLIT_MARGIN;
    }

    static final double SPLIT_MARGIN = 0.2;

    /** One piece of the field and the models' answer to it. */
    private record Read(FieldSegmenter.Digit digit, DigitPrediction prediction) {
        double confidence() {
            return prediction.ensemble().confidence();
        }
    }

    private static PendingField pending(String id, FormRef form, Instant capturedAt, Instant receivedAt,
            Optional<LengthRange> lengthHint, FieldSegmenter.Segmentation segmentation) throws InvalidEventException {
        if (segmentation.digits().size() > FieldImage.MAX_DIGITS) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE, "the field holds " + segmentation.digits().size()
                    + " separate marks, more than the " + FieldImage.MAX_DIGITS + " digits a field may hold");
        }
        return new PendingField(id, form, capturedAt, receivedAt, lengthHint, segmentation);
    }

    /**
     * @param predictions the models' answers to {@link PendingField#requests()}, in the same order
     * @param readAt      when the answers were made (used when the field had no digit to predict)
     */
    public FieldReading reading(PendingField field, List<DigitPrediction> predictions, Instant readAt) {
        FieldSegmenter.Segmentation segmentation = field.segmentation();
        List<FieldSegmenter.Digit> cut = segmentation.digits();
        int expected = cut.size() + 2 * segmentation.alternatives().size();
        if (predictions.size() != expected) {
            throw new IllegalArgumentException("field '" + field.id() + "' needs " + expected + " predictions but got "
                    + predictions.size());
        }
        // Each digit of the cut, replaced by its two halves where the models are surer of both halves than of it.
        List<List<Read>> slots = new ArrayList<>(cut.size());
        for (int i = 0; i < cut.size(); i++) {
            slots.add(List.of(new Read(cut.get(i), predictions.get(i))));
        }
        int next = cut.size();
        int count = cut.size();
        for (FieldSegmenter.Alternative alternative : segmentation.alternatives()) {
            Read left = new Read(alternative.left(), predictions.get(next++));
            Read right = new Read(alternative.right(), predictions.get(next++));
            double whole = slots.get(alternative.index()).get(0).prediction().ensemble().confidence();
            if (count < FieldImage.MAX_DIGITS && splits(whole, left.confidence(), right.confidence())) {
                slots.set(alternative.index(), List.of(left, right));
                count++;
            }
        }
        List<FieldDigit> digits = new ArrayList<>(cut.size());
        Set<FieldDoubt> doubts = EnumSet.noneOf(FieldDoubt.class);
        for (List<Read> slot : slots) {
            for (Read read : slot) {
                DigitPrediction prediction = read.prediction();
                digits.add(new FieldDigit(read.digit().box(), prediction.ensemble(), prediction.models(),
                        prediction.agreement()));
                if (prediction.ensemble().confidence() < reviewThreshold) {
                    doubts.add(FieldDoubt.LOW_CONFIDENCE);
                }
                if (!prediction.agreement()) {
                    doubts.add(FieldDoubt.DISAGREEMENT);
                }
            }
        }
        if (field.lengthHint().isPresent() && !field.lengthHint().get().contains(digits.size())) {
            doubts.add(FieldDoubt.LENGTH_MISMATCH);
        }
        if (segmentation.guessed()) {
            doubts.add(FieldDoubt.SEGMENTATION_GUESSED);
        }
        if (digits.isEmpty()) {
            doubts.add(FieldDoubt.NO_DIGITS);
        }
        Instant at = predictions.isEmpty() ? readAt : predictions.get(0).predictedAt();
        String modelSet = predictions.isEmpty() ? null : predictions.get(0).modelSet();
        return new FieldReading(field.id(), field.form(), digits,
                new FieldSegmentation(segmentation.guessed(), segmentation.lineRuns() > 0),
                List.copyOf(doubts), field.capturedAt(), field.receivedAt(), at, modelSet);
    }
}
