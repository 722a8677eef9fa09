package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelScoreTest {

    @Test
    void accuracyAndMeanLogLossOnHandMadePredictions() {
        ModelScore score = new ModelScore();
        score.record(3, probabilities(3, 0.5), 3);   // right, p(true) = 0.5  -> ln 2
        score.record(7, probabilities(7, 0.75, 1, 0.25), 1); // wrong, p(true) = 0.25 -> ln 4
        score.record(0, probabilities(0, 1.0), 0);   // right, p(true) = 1    -> 0
        score.record(9, probabilities(9, 1.0), 4);   // wrong, p(true) = 0    -> clipped to -ln 1e-15

        ModelQuality quality = score.quality();

        assertEquals(4, quality.predictions());
        assertEquals(4, quality.labelled());
        assertEquals(0.5, quality.accuracy(), 1e-12);
        // (ln 2 + ln 4 + 0 + 15 ln 10) / 4, worked out by hand: (0.693147 + 1.386294 + 34.538776) / 4
        assertEquals(9.154554, quality.meanLogLoss(), 1e-6);
    }

    @Test
    void noLabelsMeansNoQualityFigures() {
        ModelScore score = new ModelScore();

        ModelQuality quality = score.quality();

        assertEquals(0, quality.predictions());
        assertEquals(0, quality.labelled());
        assertNull(quality.accuracy());
        assertNull(quality.meanLogLoss());
    }

    @Test
    void aLabelOutsideTheClassesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ModelScore.logLoss(probabilities(0, 1.0), 10));
    }

    /** Ten probabilities: {@code p} at {@code digit}, optionally {@code q} at {@code other}, zero elsewhere. */
    private static List<Double> probabilities(int digit, double p, int other, double q) {
        List<Double> values = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        values.set(digit, p);
        values.set(other, q);
        return values;
    }

    private static List<Double> probabilities(int digit, double p) {
        List<Double> values = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        values.set(digit, p);
        return values;
    }
}
