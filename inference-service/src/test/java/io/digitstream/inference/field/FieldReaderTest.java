package io.digitstream.inference.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.FieldSegmenter;
import io.digitstream.inference.preprocess.FieldSegmenter.Alternative;
import io.digitstream.inference.preprocess.FieldSegmenter.Digit;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a reading is put together from the models' answers: which alternative cuts win, and what is doubted. */
class FieldReaderTest {

    private static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");

    private final FieldReader reader = new FieldReader(new DigitImagePreprocessor(ImageLimits.DEFAULTS,
            new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD)), 0.8);

    @Test
    void aSplitWinsOnlyWhenTheModelsAreClearlySurerOfBothHalves() {
        // Cut: [wide piece, 5]; the wide piece may be two digits.
        Alternative split = new Alternative(0, 1, List.of(digit(0), digit(10)));
        FieldReader.PendingField field = field(Optional.empty(), List.of(digit(0), digit(30)), List.of(split));
        // Whole read as 8 at 0.5; halves as 1 (0.95) and 7 (0.9): 0.9 - 0.5 > 0.2, split.
        FieldReading read = reader.reading(field, predictions(p(8, 0.5), p(5, 0.99), p(1, 0.95), p(7, 0.9)), AT);
        assertEquals("175", read.value());
        assertEquals(List.of(0, 10, 30), read.digits().stream().map(d -> d.box().x()).toList());
        // Halves only a little surer: the whole stays.
        assertEquals("85", reader.reading(field, predictions(p(8, 0.75), p(5, 0.99), p(1, 0.95), p(7, 0.9)), AT).value());
    }

    @Test
    void aMergeWinsWhenTheWholeIsClearlySurerThanItsPieces() {
        Alternative merge = new Alternative(1, 2, List.of(digit(20)));
        FieldReader.PendingField field = field(Optional.empty(), List.of(digit(0), digit(20), digit(28)),
                List.of(merge));
        FieldReading read = reader.reading(field, predictions(p(3, 0.99), p(1, 0.6), p(1, 0.55), p(0, 0.97)), AT);
        assertEquals("30", read.value());
        assertEquals(List.of(), read.doubts());
    }

    @Test
    void aRecutWinsOnASmallerGainAndTheSurestOfSeveralWins() {
        // Cut: [2 | 3] parted at x 12; the same two digits parted at x 9 or x 15 instead.
        Alternative at9 = new Alternative(0, 2, List.of(digit(0), digit(9)));
        Alternative at15 = new Alternative(0, 2, List.of(digit(0), digit(15)));
        FieldReader.PendingField field = field(Optional.of(LengthRange.exactly(2)), List.of(digit(0), digit(12)),
                List.of(at9, at15));
        // Now 0.7 at worst; at 9: 0.8 (gain 0.1, above the recut margin, under a split's); at 15: 0.9.
        FieldReading read = reader.reading(field,
                predictions(p(2, 0.7), p(3, 0.95), p(2, 0.8), p(3, 0.9), p(2, 0.95), p(8, 0.9)), AT);
        assertEquals("28", read.value());
        assertEquals(List.of(0, 15), read.digits().stream().map(d -> d.box().x()).toList());
        // Barely surer: the cut stays.
        assertEquals("23", reader.reading(field,
                predictions(p(2, 0.7), p(3, 0.95), p(2, 0.72), p(3, 0.9), p(2, 0.73), p(8, 0.9)), AT).value());
    }

    @Test
    void theLengthHintBoundsWhatAnAlternativeMayDo() {
        Alternative split = new Alternative(0, 1, List.of(digit(0), digit(10)));
        List<DigitPrediction> answers = predictions(p(8, 0.5), p(5, 0.99), p(1, 0.95), p(7, 0.9));
        FieldReader.PendingField atMost2 = field(Optional.of(new LengthRange(1, 2)), List.of(digit(0), digit(30)),
                List.of(split));
        assertEquals("85", reader.reading(atMost2, answers, AT).value(), "a split past the range's maximum");
        Alternative merge = new Alternative(0, 2, List.of(digit(0)));
        FieldReader.PendingField atLeast2 = field(Optional.of(LengthRange.exactly(2)), List.of(digit(0), digit(8)),
                List.of(merge));
        assertEquals("11", reader.reading(atLeast2, predictions(p(1, 0.5), p(1, 0.5), p(4, 0.99)), AT).value(),
                "a merge below the range's minimum");
    }

    @Test
    void doubtsNameEverythingAPersonShouldCheck() {
        FieldReader.PendingField three = field(Optional.of(LengthRange.exactly(4)), List.of(digit(0), digit(20),
                digit(40)), List.of());
        DigitPrediction disputed = new DigitPrediction("f", List.of(model("mlp", 2, 0.9), model("cnn", 3, 0.9)),
                ensemble(2, 0.9), false, AT, AT, AT);
        FieldReading read = reader.reading(three, List.of(p(1, 0.99), p(7, 0.4), disputed), AT);
        assertEquals(List.of(FieldDoubt.LOW_CONFIDENCE, FieldDoubt.DISAGREEMENT, FieldDoubt.LENGTH_MISMATCH),
                read.doubts());
        assertEquals(0.99 * 0.4 * 0.9, read.confidence(), 1e-12);

        FieldReader.PendingField guessed = new FieldReader.PendingField("f", null, AT, AT, Optional.empty(),
                new FieldSegmenter.Segmentation(List.of(digit(0)), List.of(), true, 2));
        FieldReading forced = reader.reading(guessed, List.of(p(4, 0.99)), AT);
        assertEquals(List.of(FieldDoubt.SEGMENTATION_GUESSED), forced.doubts());
        assertEquals(true, forced.segmentation().linesRemoved());

        FieldReading blank = reader.reading(field(Optional.empty(), List.of(), List.of()), List.of(), AT);
        assertEquals(List.of(FieldDoubt.NO_DIGITS), blank.doubts());
        assertEquals(AT, blank.readAt());
    }

    @Test
    void answersThatDoNotMatchTheCutAreAFaultOfTheCaller() {
        FieldReader.PendingField two = field(Optional.empty(), List.of(digit(0), digit(20)), List.of());
        assertThrows(IllegalArgumentException.class, () -> reader.reading(two, List.of(p(1, 0.9)), AT));
    }

    private static FieldReader.PendingField field(Optional<LengthRange> hint, List<Digit> digits,
            List<Alternative> alternatives) {
        return new FieldReader.PendingField("f", null, AT, AT, hint,
                new FieldSegmenter.Segmentation(digits, alternatives, false, 0));
    }

    private static Digit digit(int x) {
        return new Digit(new DigitBox(x, 0, 8, 28), new float[ModelContract.PIXELS]);
    }

    private static List<DigitPrediction> predictions(DigitPrediction... predictions) {
        return List.of(predictions);
    }

    /** Every model and the ensemble read {@code digit} at {@code confidence}. */
    private static DigitPrediction p(int digit, double confidence) {
        return new DigitPrediction("f", List.of(model("mlp", digit, confidence), model("cnn", digit, confidence)),
                ensemble(digit, confidence), true, AT, AT, AT);
    }

    private static ModelPrediction model(String name, int digit, double confidence) {
        return new ModelPrediction(name, "v1", digit, confidence, probabilities(digit, confidence), 0.1);
    }

    private static EnsemblePrediction ensemble(int digit, double confidence) {
        return new EnsemblePrediction(digit, confidence, probabilities(digit, confidence));
    }

    private static List<Double> probabilities(int digit, double confidence) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, (1 - confidence) / 9));
        probabilities.set(digit, confidence);
        return probabilities;
    }
}
