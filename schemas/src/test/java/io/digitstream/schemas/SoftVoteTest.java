package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vote arithmetic that the trainer reports on and the service publishes: softmax, weighted mean, arg-max. */
class SoftVoteTest {

    @Test
    void softmaxOfEqualLogitsIsUniform() {
        for (double p : SoftVote.softmax(new float[10])) {
            assertEquals(0.1, p, 1e-12);
        }
    }

    @Test
    void softmaxOfLogsGivesTheNormalisedWeights() {
        float[] logits = logits(0f, (float) Math.log(2), (float) Math.log(3));

        double[] p = SoftVote.softmax(logits);

        assertEquals(1.0 / 6, p[0], 1e-6);
        assertEquals(2.0 / 6, p[1], 1e-6);
        assertEquals(3.0 / 6, p[2], 1e-6);
    }

    @Test
    void softmaxMatchesTheDefinitionAndSurvivesHugeLogits() {
        double[] probabilities = SoftVote.softmax(new float[] {1000f, 999f, 0, 0, 0, 0, 0, 0, 0, 0});

        // exp(0) / (exp(0) + exp(-1)) once the maximum is subtracted; the others underflow to 0.
        assertEquals(1 / (1 + Math.exp(-1)), probabilities[0], 1e-12);
        assertEquals(Math.exp(-1) / (1 + Math.exp(-1)), probabilities[1], 1e-12);
        assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-12);
    }

    @Test
    void softmaxIsShiftInvariant() {
        double[] low = SoftVote.softmax(logits(-1000f, -999f));
        double[] high = SoftVote.softmax(logits(5f, 6f));

        assertEquals(low[0] / low[1], high[0] / high[1], 1e-9);
    }

    @Test
    void softmaxRefusesNonFiniteLogitsAndTheWrongNumberOfThem() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SoftVote.softmax(logits(Float.NaN, 0f)));
        assertTrue(nan.getMessage().contains("non-finite"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftVote.softmax(logits(Float.POSITIVE_INFINITY, 0f)));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.softmax(new float[9]));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.softmax(new float[11]));
    }

    @Test
    void oneConfidentModelOutvotesTwoUnsureOnes() {
        double[] confidentThree = onehotish(3, 0.91);
        double[] unsureFive = twoWay(5, 0.5, 3, 0.4);

        double[] mean = SoftVote.combine(List.of(confidentThree, unsureFive, unsureFive), SoftVote.equalWeights(3));

        // digit 3: (0.91 + 0.4 + 0.4) / 3 = 0.57; digit 5: (0.01 + 0.5 + 0.5) / 3 = 0.3367; a hard vote picks 5
        assertEquals(3, SoftVote.argmax(mean));
        assertEquals(0.57, mean[3], 1e-12);
        assertEquals((0.01 + 0.5 + 0.5) / 3, mean[5], 1e-12);
    }

    @Test
    void weightedVoteLetsTheHeavierModelDecide() {
        double[] sevenish = twoWay(7, 0.6, 1, 0.4);
        double[] oneish = twoWay(1, 0.7, 7, 0.3);

        double[] equal = SoftVote.combine(List.of(sevenish, oneish), SoftVote.equalWeights(2));
        double[] weighted = SoftVote.combine(List.of(sevenish, oneish), new double[] {0.8, 0.2});

        // equal: 1 gets (0.4 + 0.7) / 2 = 0.55; weighted: 7 gets 0.8 * 0.6 + 0.2 * 0.3 = 0.54, 1 gets 0.46
        assertEquals(1, SoftVote.argmax(equal));
        assertEquals(7, SoftVote.argmax(weighted));
        assertEquals(0.54, weighted[7], 1e-12);
        assertEquals(0.46, weighted[1], 1e-12);
    }

    @Test
    void weightsThatAreNotADistributionOverTheModelsAreRefused() {
        List<double[]> models = List.of(onehotish(1, 0.9), onehotish(2, 0.9));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> SoftVote.combine(models, new double[] {1.0}));
        assertTrue(count.getMessage().contains("1 vote weights for 2 models"), count.getMessage());
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> SoftVote.combine(models, new double[] {0.5, 0.6}));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftVote.combine(models, new double[] {-0.5, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.combine(models, new double[] {Double.NaN, 1.0}));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.combine(List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.equalWeights(0));
    }

    @Test
    void probabilitiesOfTheWrongWidthAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftVote.combine(List.of(onehotish(1, 0.9), new double[9]), SoftVote.equalWeights(2)));
        assertTrue(e.getMessage().contains("model 1"), e.getMessage());
    }

    @Test
    void argmaxPicksTheLargestAndTheLowerDigitOnATie() {
        assertEquals(2, SoftVote.argmax(new double[] {0, 0, 0.4, 0.4, 0.2, 0, 0, 0, 0, 0}));
        assertEquals(9, SoftVote.argmax(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> SoftVote.argmax(new double[0]));
    }

    @Test
    void equalWeightsSumToOne() {
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, SoftVote.equalWeights(3), 1e-15);
        SoftVote.requireWeights(SoftVote.equalWeights(7), 7);
    }

    /** Ten logits: the given first ones, the rest far below them so they carry no probability. */
    private static float[] logits(float... first) {
        float[] logits = new float[ModelContract.CLASSES];
        Arrays.fill(logits, -1e4f);
        System.arraycopy(first, 0, logits, 0, first.length);
        return logits;
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
