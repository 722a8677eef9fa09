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
         * One request per digit of the cut, left to right, then one per digit of each
         * {@link FieldSegmenter.Alternative}'s replacement; each carries the field's id.
         */
        public List<ClassificationRequest> requests() {
            List<ClassificationRequest> requests = new ArrayList<>();
            segmentation.digits().forEach(digit -> requests.add(request(digit)));
            for (FieldSegmenter.Alternative alternative : segmentation.alternatives()) {
                alternative.replacement().forEach(digit -> requests.add(request(digit)));
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
     * An alternative reading replaces the cut when the ensemble's least sure digit in it is this much surer than the
     * least sure digit it replaces. Halves of one digit often look like confident 1s, hence the margin;
     * FieldReadingBenchmark compared it, for splits, with "surer of both", "surer of both and the whole under 0.9 or
     * 0.7" and "the halves' product beats the whole", which all split more single digits than they saved pairs.
     */
    static final double ALTERNATIVE_MARGIN = 0.2;

    /**
     * A recut (the same two digits parted elsewhere) only moves a cut: no half-digit 1s to fear, so a smaller gain
     * decides it. FieldReadingBenchmark, mixed fields with the length hint: a margin of 0 read 0.4-0.6 points fewer
     * fields exactly than 0.05 or 0.1, which were a field apart.
     */
    static final double RECUT_MARGIN = 0.05;

    /** An alternative, its replacement as read, and how much surer the models are of it. */
    private record Choice(FieldSegmenter.Alternative alternative, List<Read> replacement, double gain) {
    }

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
        int expected = cut.size() + segmentation.alternatives().stream().mapToInt(a -> a.replacement().size()).sum();
        if (predictions.size() != expected) {
            throw new IllegalArgumentException("field '" + field.id() + "' needs " + expected + " predictions but got "
                    + predictions.size());
        }
        List<Read> reads = new ArrayList<>(cut.size());
        for (int i = 0; i < cut.size(); i++) {
            reads.add(new Read(cut.get(i), predictions.get(i)));
        }
        // Each alternative read both ways; the clearest gains are taken first, each piece changed at most once.
        List<Choice> choices = new ArrayList<>();
        int next = cut.size();
        for (FieldSegmenter.Alternative alternative : segmentation.alternatives()) {
            List<Read> replacement = new ArrayList<>();
            for (FieldSegmenter.Digit digit : alternative.replacement()) {
                replacement.add(new Read(digit, predictions.get(next++)));
            }
            double now = reads.subList(alternative.index(), alternative.index() + alternative.count()).stream()
                    .mapToDouble(Read::confidence).min().orElse(0);
            double instead = replacement.stream().mapToDouble(Read::confidence).min().orElse(0);
            choices.add(new Choice(alternative, replacement, instead - now));
        }
        choices.sort(java.util.Comparator.comparingDouble(Choice::gain).reversed());
        int fewest = field.lengthHint().map(LengthRange::min).orElse(1);
        int most = field.lengthHint().map(LengthRange::max).orElse(FieldImage.MAX_DIGITS);
        int count = cut.size();
        List<List<Read>> slots = new ArrayList<>(cut.size());
        reads.forEach(read -> slots.add(List.of(read)));
        boolean[] changed = new boolean[cut.size()];
        for (Choice choice : choices) {
            FieldSegmenter.Alternative alternative = choice.alternative();
            int after = count - alternative.count() + choice.replacement().size();
            boolean free = true;
            for (int i = alternative.index(); i < alternative.index() + alternative.count(); i++) {
                free &= !changed[i];
            }
            double margin = alternative.isRecut() ? RECUT_MARGIN : ALTERNATIVE_MARGIN;
            if (choice.gain() <= margin || !free || after < Math.min(fewest, count)
                    || after > Math.max(most, count) || after > FieldImage.MAX_DIGITS) {
                continue;
            }
            for (int i = alternative.index(); i < alternative.index() + alternative.count(); i++) {
                changed[i] = true;
                slots.set(i, List.of());
            }
            slots.set(alternative.index(), choice.replacement());
            count = after;
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
