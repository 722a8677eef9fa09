package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule that scores a field's reading, shared by the live metrics and the simulator's report. */
class FieldMatchTest {

    @Test
    void exactReadingHasEveryDigitRight() {
        FieldMatch match = FieldMatch.of("01234", "01234");
        assertEquals(new FieldMatch(5, 5, true), match);
        assertTrue(match.exact());
    }

    @Test
    void digitsAreComparedPositionByPositionWhenTheLengthIsRight() {
        FieldMatch match = FieldMatch.of("01734", "01234");
        assertEquals(new FieldMatch(5, 4, true), match);
        assertFalse(match.exact());
    }

    @Test
    void aReadingOfTheWrongLengthHasNoDigitRight() {
        // "0124" lost the 3: shifting would credit guesses, so none counts.
        assertEquals(new FieldMatch(5, 0, false), FieldMatch.of("0124", "01234"));
        assertEquals(new FieldMatch(5, 0, false), FieldMatch.of("012345", "01234"));
        assertEquals(new FieldMatch(5, 0, false), FieldMatch.of("", "01234"));
    }

    @Test
    void leadingZerosMatter() {
        assertFalse(FieldMatch.of("1234", "01234").exact());
        assertTrue(FieldMatch.of("0000000000", "0000000000").exact());
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FieldMatch(0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldMatch(3, 4, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldMatch(3, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldMatch(3, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new FieldMatch(FieldImage.MAX_DIGITS + 1, 0, false));
    }

    @Test
    void eachModelsValueIsItsOwnDigitsInOrder() {
        FieldReading reading = new FieldReading("field-1", null, List.of(
                digit(4, Map.of("mlp", 4, "cnn", 4)), digit(7, Map.of("mlp", 1, "cnn", 7)),
                digit(0, Map.of("mlp", 0, "cnn", 6))), new FieldSegmentation(false, false), List.of(),
                SampleEvents.CAPTURED, SampleEvents.RECEIVED, SampleEvents.PREDICTED, "run-1");
        assertEquals("470", reading.value());
        assertEquals(Map.of("mlp", "410", "cnn", "476"), reading.valuesByModel());
        assertEquals(List.of("mlp", "cnn"), List.copyOf(reading.valuesByModel().keySet()), "in the order they answered");
    }

    private static FieldDigit digit(int ensemble, Map<String, Integer> models) {
        List<ModelPrediction> answers = List.of(SampleEvents.modelPrediction("mlp", models.get("mlp"), 0.9),
                SampleEvents.modelPrediction("cnn", models.get("cnn"), 0.9));
        return new FieldDigit(new DigitBox(0, 0, 3, 16),
                new EnsemblePrediction(ensemble, 0.9, SampleEvents.probabilities(ensemble, 0.9)), answers, false);
    }
}
