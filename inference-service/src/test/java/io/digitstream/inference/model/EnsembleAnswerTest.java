package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.SoftVote;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ensemble part of the prediction event; the vote arithmetic itself is schemas' SoftVoteTest. */
class EnsembleAnswerTest {

    @Test
    void theEventCarriesTheSoftVotesDigitConfidenceAndProbabilities() {
        double[] confidentThree = onehotish(3, 0.91);
        double[] unsureFive = twoWay(5, 0.5, 3, 0.4);

        EnsemblePrediction ensemble = EnsembleAnswer.of(List.of(confidentThree, unsureFive, unsureFive),
                SoftVote.equalWeights(3));

        // digit 3: (0.91 + 0.4 + 0.4) / 3 = 0.57; digit 5: (0.01 + 0.5 + 0.5) / 3 = 0.3367
        assertEquals(3, ensemble.digit());
        assertEquals(0.57, ensemble.confidence(), 1e-12);
        assertEquals(0.57, ensemble.probabilities().get(3), 1e-12);
        assertEquals((0.01 + 0.5 + 0.5) / 3, ensemble.probabilities().get(5), 1e-12);
        assertFalse(EnsembleAnswer.agreement(List.of(confidentThree, unsureFive, unsureFive), ensemble.digit()));
    }

    @Test
    void weightedVoteLetsTheHeavierModelDecide() {
        double[] sevenish = twoWay(7, 0.6, 1, 0.4);
        double[] oneish = twoWay(1, 0.7, 7, 0.3);

        EnsemblePrediction equal = EnsembleAnswer.of(List.of(sevenish, oneish), SoftVote.equalWeights(2));
        EnsemblePrediction weighted = EnsembleAnswer.of(List.of(sevenish, oneish), new double[] {0.8, 0.2});

        assertEquals(1, equal.digit());
        assertEquals(7, weighted.digit());
        assertEquals(0.54, weighted.confidence(), 1e-12);
        assertEquals(0.46, weighted.probabilities().get(1), 1e-12);
    }

    @Test
    void oneWeightPerModelTooFewIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleAnswer.of(List.of(onehotish(1, 0.9), onehotish(2, 0.9)), new double[] {1.0}));
        assertTrue(e.getMessage().contains("1 vote weights for 2 models"), e.getMessage());
    }

    @Test
    void agreementWhenEveryModelPicksTheEnsembleDigit() {
        List<double[]> models = List.of(onehotish(7, 0.9), twoWay(7, 0.6, 1, 0.3));

        assertTrue(EnsembleAnswer.agreement(models, EnsembleAnswer.of(models, SoftVote.equalWeights(2)).digit()));
    }

    @Test
    void aMeanThatRoundsPastOneIsClampedIntoTheContractsRange() {
        double overshoot = Math.nextUp(1.0);
        double[] probabilities = new double[10];
        probabilities[4] = overshoot;

        assertEquals(1.0, EnsembleAnswer.boxed(probabilities).get(4));
        assertEquals(0.0, EnsembleAnswer.clampUnit(-Double.MIN_VALUE));
    }

    /** {@code p} on {@code digit}, the rest spread evenly over the other nine digits. */
    private static double[] onehotish(int digit, double p) {
        double[] probabilities = new double[10];
        Arrays.fill(probabilities, (1 - p) / 9);
        probabilities[digit] = p;
        return probabilities;
    }

    private static double[] twoWay(int first, double p, int second, double q) {
        double[] probabilities = new double[10];
        Arrays.fill(probabilities, (1 - p - q) / 8);
        probabilities[first] = p;
        probabilities[second] = q;
        return probabilities;
    }
}
