package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoftmaxAndEnsembleTest {

    private static final float EPS = 1e-6f;

    @Test
    void softmaxOfLogsGivesTheNormalisedWeights() {
        float[][] logits = {{0f, (float) Math.log(2), (float) Math.log(3)}};

        float[][] p = Softmax.of(logits);

        assertArrayEquals(new float[] {1f / 6, 2f / 6, 3f / 6}, p[0], EPS);
    }

    @Test
    void softmaxIsShiftInvariantAndDoesNotOverflow() {
        float[][] p = Softmax.of(new float[][] {{1000f, 1000f}, {-1000f, -999f}, {5f, 5f}});

        assertArrayEquals(new float[] {0.5f, 0.5f}, p[0], EPS);
        assertArrayEquals(new float[] {0.5f, 0.5f}, p[2], EPS);
        float e = (float) Math.E;
        assertArrayEquals(new float[] {1 / (1 + e), e / (1 + e)}, p[1], EPS);
    }

    @Test
    void softmaxRejectsNonFiniteLogits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.of(new float[][] {{0f, 1f}, {Float.NaN, 0f}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void softVoteIsTheMeanOfTheMembersProbabilities() {
        float[][] a = {{0.9f, 0.1f}, {0.2f, 0.8f}};
        float[][] b = {{0.3f, 0.7f}, {0.4f, 0.6f}};
        float[][] c = {{0.0f, 1.0f}, {0.9f, 0.1f}};

        float[][] mean = SoftVoteEnsemble.probabilities(List.of(a, b, c), SoftVoteEnsemble.equalWeights(3));

        assertArrayEquals(new float[] {0.4f, 0.6f}, mean[0], EPS);
        assertArrayEquals(new float[] {0.5f, 0.5f}, mean[1], EPS);
    }

    @Test
    void weightedSoftVoteIsTheWeightedMean() {
        float[][] a = {{0.9f, 0.1f}};
        float[][] b = {{0.3f, 0.7f}};

        float[][] vote = SoftVoteEnsemble.probabilities(List.of(a, b), new double[] {0.25, 0.75});

        assertArrayEquals(new float[] {0.45f, 0.55f}, vote[0], EPS);
    }

    @Test
    void weightedSoftVoteRefusesWeightsThatAreNotADistributionOverItsMembers() {
        List<float[][]> members = List.of(new float[1][2], new float[1][2]);
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> SoftVoteEnsemble.probabilities(members, new double[] {0.5, 0.6}));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> SoftVoteEnsemble.probabilities(members, new double[] {1.0}));
        assertTrue(count.getMessage().contains("1 weights for 2 models"), count.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftVoteEnsemble.probabilities(members, new double[] {-0.5, 1.5}));
    }

    @Test
    void softVoteCanOverruleTheMajorityWhenItIsUnsure() {
        // Two members lean weakly to class 0, one is sure of class 1: the soft vote picks 1, a hard vote would pick 0.
        float[][] weak1 = {{0.55f, 0.45f}};
        float[][] weak2 = {{0.55f, 0.45f}};
        float[][] sure = {{0.01f, 0.99f}};

        int[] predicted = Argmax.of(SoftVoteEnsemble.probabilities(List.of(weak1, weak2, sure),
                SoftVoteEnsemble.equalWeights(3)));

        assertArrayEquals(new int[] {1}, predicted);
    }

    @Test
    void softVoteRejectsMembersOfDifferentShapes() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> SoftVoteEnsemble.probabilities(List.of(new float[2][10], new float[3][10]),
                        SoftVoteEnsemble.equalWeights(2)));
        assertTrue(rows.getMessage().contains("model 1"), rows.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftVoteEnsemble.probabilities(List.of(new float[2][10], new float[2][9]),
                        SoftVoteEnsemble.equalWeights(2)));
        assertThrows(IllegalArgumentException.class, () -> SoftVoteEnsemble.probabilities(List.of(), new double[0]));
    }

    @Test
    void argmaxPicksTheLargestAndTheLowestIndexOnATie() {
        assertArrayEquals(new int[] {2, 0, 1}, Argmax.of(new float[][] {{0f, 1f, 3f}, {1f, 1f, 0f}, {-5f, -1f, -2f}}));
        assertEquals(1, Argmax.of(new float[][] {{0f, 1f}}).length);
    }
}
