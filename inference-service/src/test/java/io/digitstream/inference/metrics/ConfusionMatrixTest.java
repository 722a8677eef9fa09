package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.digitstream.schemas.EventJson;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void scoresAverageOverTheDigitsThatOccur() {
        ConfusionMatrix matrix = new ConfusionMatrix();
        // true -> predicted: 1->1 twice, 1->2, 2->2, 4->1.
        matrix.record(1, 1);
        matrix.record(1, 1);
        matrix.record(1, 2);
        matrix.record(2, 2);
        matrix.record(4, 1);

        assertEquals(5, matrix.total());
        assertEquals(3.0 / 5, matrix.accuracy(), 1e-12);
        // Digits 1, 2, 4. Precision: 1 -> 2/3, 2 -> 1/2, 4 -> 0 (never predicted).
        assertEquals((2.0 / 3 + 1.0 / 2 + 0) / 3, matrix.macroPrecision(), 1e-12);
        // Recall: 1 -> 2/3, 2 -> 1, 4 -> 0.
        assertEquals((2.0 / 3 + 1 + 0) / 3, matrix.macroRecall(), 1e-12);
        // F1: 1 -> 2/3, 2 -> 2 * 0.5 * 1 / 1.5 = 2/3, 4 -> 0.
        assertEquals((2.0 / 3 + 2.0 / 3 + 0) / 3, matrix.macroF1(), 1e-12);
    }

    @Test
    void withoutLabelsThereIsNoScore() {
        ConfusionMatrix empty = new ConfusionMatrix();
        assertEquals(0, empty.total());
        assertNull(empty.accuracy());
        assertNull(empty.macroPrecision());
        assertNull(empty.macroRecall());
        assertNull(empty.macroF1());
    }

    @Test
    void survivesTheStateStoreRoundTrip() throws Exception {
        ConfusionMatrix matrix = new ConfusionMatrix();
        matrix.record(7, 1);
        matrix.record(7, 7);
        String json = EventJson.mapper().writeValueAsString(matrix);
        ConfusionMatrix restored = EventJson.mapper().readValue(json, ConfusionMatrix.class);
        assertEquals(0.5, restored.accuracy(), 1e-12);
        assertEquals(2, restored.total());
    }
}
