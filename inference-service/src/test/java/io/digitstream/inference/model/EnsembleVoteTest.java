package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.EnsemblePrediction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleVoteTest {

    @Test
    void softmaxOfEqualLogitsIsUniform() {
        double[] probabilities = EnsembleVote.softmax(new float[10]);

        for (double p : probabilities) {
            assertEquals(0.1, p, 1e-12);
        }
    }

    @Test
    void softmaxMatchesTheDefinitionAndSurvivesHugeLogits() {
        float[] logits = {1000f, 999f, 0, 0, 0, 0, 0, 0, 0, 0};

        double[] probabilities = EnsembleVote.softmax(logits);

        // exp(0) / (exp(0) + exp(-1)) once the maximum is subtracted; the others underflow to 0.
        assertEquals(1 / (1 + Math.exp(-1)), probabilities[0], 1e-12);
        assertEquals(Math.exp(-1) / (1 + Math.exp(-1)), probabilities[1], 1e-12);
        assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-12);
    }

    @Test
    void softVoteAveragesProbabilitiesSoOneConfidentModelOutvotesTwoUnsureOnes() {
        double[] confidentThree = onehotish(3, 0.91);
        double[] unsureFive = twoWay(5, 0.5, 3, 0.4);

        EnsemblePrediction ensemble = EnsembleVote.vote(List.of(confidentThree, unsureFive, unsureFive),
                equal(3));

        // digit 3: (0.91 + 0.4 + 0.4) / 3 = 0.57; digit 5: (0.01 + 0.5 + 0.5) / 3 = 0.3367
        assertEquals(3, ensemble.digit());
        assertEquals(0.57, ensemble.confidence(), 1e-12);
        assertEquals(0.57, ensemble.probabilities().get(3), 1e-12);
        assertEquals((0.01 + 0.5 + 0.5) / 3, ensemble.probabilities().get(5), 1e-12);
        assertFalse(EnsembleVote.agreement(List.of(confidentThree, unsureFive, unsureFive), ensemble.digit()));
    }

    @Test
    void weightedVoteLetsTheHeavierModelDecide() {
        double[] sevenish = twoWay(7, 0.6, 1, 0.4);
        double[] oneish = twoWay(1, 0.7, 7, 0.3);

        EnsemblePrediction equal = EnsembleVote.vote(List.of(sevenish, oneish), equal(2));
        EnsemblePrediction weighted = EnsembleVote.vote(List.of(sevenish, oneish), new double[] {0.8, 0.2});

        // equal: 1 gets (0.4 + 0.7) / 2 = 0.55; weighted: 7 gets 0.8 * 0.6 + 0.2 * 0.3 = 0.54, 1 gets 0.46
        assertEquals(1, equal.digit());
        assertEquals(7, weighted.digit());
        assertEquals(0.54, weighted.confidence(), 1e-12);
        assertEquals(0.46, weighted.probabilities().get(1), 1e-12);
    }

    @Test
    void weightedVoteRefusesOneWeightPerModelTooFew() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleVote.vote(List.of(onehotish(1, 0.9), onehotish(2, 0.9)), new double[] {1.0}));
        assertTrue(e.getMessage().contains("1 vote weights for 2 models"), e.getMessage());
    }

    @Test
    void agreementWhenEveryModelPicksTheEnsembleDigit() {
        List<double[]> models = List.of(onehotish(7, 0.9), twoWay(7, 0.6, 1, 0.3));

        assertTrue(EnsembleVote.agreement(models, EnsembleVote.vote(models, equal(2)).digit()));
    }

    @Test
    void argmaxBreaksTiesTowardsTheLowerDigit() {
        assertEquals(2, EnsembleVote.argmax(new double[] {0, 0, 0.4, 0.4, 0.2, 0, 0, 0, 0, 0}));
    }

    @Test
    void wrongNumberOfLogitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EnsembleVote.softmax(new float[9]));
    }

    /** {@code p} on {@code digit}, the rest spread evenly over the other nine digits. */
    private static double[] equal(int models) {
        double[] weights = new double[models];
        Arrays.fill(weights, 1.0 / models);
        return weights;
    }

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
