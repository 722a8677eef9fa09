package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double EPS = 1e-12;

    /**
     * Worked by hand. Confusion (rows = true, columns = predicted):
     * <pre>
     *   0: 2 1 0
     *   1: 1 1 0
     *   2: 0 1 3
     * </pre>
     */
    @Test
    void matchesAHandComputedThreeClassExample() {
        int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] predicted = {0, 0, 1, 1, 0, 2, 2, 1, 2};

        ClassificationMetrics m = ClassificationMetrics.of(labels, predicted, 3);

        assertArrayEquals(new int[] {2, 1, 0}, m.confusion()[0]);
        assertArrayEquals(new int[] {1, 1, 0}, m.confusion()[1]);
        assertArrayEquals(new int[] {0, 1, 3}, m.confusion()[2]);
        assertEquals(6.0 / 9, m.accuracy(), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 1.0}, m.precision(), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 2, 3.0 / 4}, m.recall(), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 5, 6.0 / 7}, m.f1(), EPS);
        assertEquals(2.0 / 3, m.macroPrecision(), EPS);
        assertEquals(23.0 / 36, m.macroRecall(), EPS);
        assertEquals((2.0 / 3 + 2.0 / 5 + 6.0 / 7) / 3, m.macroF1(), EPS);
        assertEquals(4, m.support(2));
    }

    @Test
    void aClassNeverPredictedHasPrecisionAndF1OfZeroAndStillCountsInTheMacroMean() {
        int[] labels = {0, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1};

        ClassificationMetrics m = ClassificationMetrics.of(labels, predicted, 3);

        assertArrayEquals(new int[] {0, 2, 0}, m.confusion()[2]);
        assertArrayEquals(new double[] {1.0, 1.0 / 3, 0.0}, m.precision(), EPS);
        assertArrayEquals(new double[] {1.0, 1.0, 0.0}, m.recall(), EPS);
        assertArrayEquals(new double[] {1.0, 0.5, 0.0}, m.f1(), EPS);
        assertEquals(0.5, m.accuracy(), EPS);
        assertEquals((1 + 1.0 / 3) / 3, m.macroPrecision(), EPS);
        assertEquals(0.5, m.macroF1(), EPS);
    }

    @Test
    void aClassAbsentFromTheLabelsHasRecallOfZero() {
        int[] labels = {0, 1, 1};
        int[] predicted = {0, 1, 2};

        ClassificationMetrics m = ClassificationMetrics.of(labels, predicted, 3);

        assertEquals(0.0, m.recall()[2]);
        assertEquals(0.0, m.precision()[2]);
        assertEquals(0.0, m.f1()[2]);
        assertEquals(0.5, m.recall()[1], EPS);
        assertTrue(Double.isFinite(m.macroRecall()));
    }

    @Test
    void perfectPredictionsScoreOne() {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        ClassificationMetrics m = ClassificationMetrics.of(labels, labels.clone(), 10);
        assertEquals(1.0, m.accuracy());
        assertEquals(1.0, m.macroPrecision());
        assertEquals(1.0, m.macroRecall());
        assertEquals(1.0, m.macroF1());
        assertEquals(List.of(), m.mostConfused(3));
    }

    @Test
    void mostConfusedListsTheLargestOffDiagonalCellsFirst() {
        int[] labels = {4, 4, 4, 7, 7, 9, 1};
        int[] predicted = {9, 9, 9, 1, 2, 4, 1};

        List<ConfusedPair> pairs = ClassificationMetrics.of(labels, predicted, 10).mostConfused(3);

        assertEquals(List.of(new ConfusedPair(4, 9, 3), new ConfusedPair(7, 1, 1), new ConfusedPair(7, 2, 1)), pairs);
    }

    @Test
    void rejectsMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[] {1, 2}, new int[] {1}, 10));
        assertTrue(e.getMessage().contains("2 vs 1"), e.getMessage());
    }

    @Test
    void rejectsAClassOutsideTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[] {1, 10}, new int[] {1, 1}, 10));
        assertTrue(e.getMessage().contains("label at index 1 is 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new int[] {1}, new int[] {-1}, 10));
    }

    @Test
    void rejectsAnEmptyTestSet() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[0], new int[0], 10));
    }
}
