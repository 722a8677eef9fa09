package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.SoftVote;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vote applied row by row to evaluation sets; the per-image arithmetic is schemas' SoftVoteTest. */
class VoteMatricesTest {

    private static final float EPS = 1e-6f;

    @Test
    void softmaxOfLogsGivesTheNormalisedWeights() {
        float[][] p = VoteMatrices.softmax(new float[][] {logits(0f, (float) Math.log(2), (float) Math.log(3))});

        assertArrayEquals(row(1f / 6, 2f / 6, 3f / 6), p[0], EPS);
    }

    @Test
    void softmaxIsShiftInvariantAndDoesNotOverflow() {
        float[][] p = VoteMatrices.softmax(new float[][] {logits(1000f, 1000f), logits(-1000f, -999f), logits(5f, 5f)});

        assertArrayEquals(row(0.5f, 0.5f), p[0], EPS);
        assertArrayEquals(row(0.5f, 0.5f), p[2], EPS);
        float e = (float) Math.E;
        assertArrayEquals(row(1 / (1 + e), e / (1 + e)), p[1], EPS);
    }

    @Test
    void softmaxRejectsNonFiniteLogitsAndNamesTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VoteMatrices.softmax(new float[][] {logits(0f, 1f), logits(Float.NaN, 0f)}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void softVoteIsTheMeanOfTheMembersProbabilities() {
        float[][] a = {row(0.9f, 0.1f), row(0.2f, 0.8f)};
        float[][] b = {row(0.3f, 0.7f), row(0.4f, 0.6f)};
        float[][] c = {row(0.0f, 1.0f), row(0.9f, 0.1f)};

        float[][] mean = VoteMatrices.softVote(List.of(a, b, c), SoftVote.equalWeights(3));

        assertArrayEquals(row(0.4f, 0.6f), mean[0], EPS);
        assertArrayEquals(row(0.5f, 0.5f), mean[1], EPS);
    }

    @Test
    void weightedSoftVoteIsTheWeightedMean() {
        float[][] vote = VoteMatrices.softVote(List.of(new float[][] {row(0.9f, 0.1f)}, new float[][] {row(0.3f, 0.7f)}),
                new double[] {0.25, 0.75});

        assertArrayEquals(row(0.45f, 0.55f), vote[0], EPS);
    }

    @Test
    void weightedSoftVoteRefusesWeightsThatAreNotADistributionOverItsMembers() {
        List<float[][]> members = List.of(new float[1][10], new float[1][10]);
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> VoteMatrices.softVote(members, new double[] {0.5, 0.6}));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> VoteMatrices.softVote(members, new double[] {1.0}));
        assertTrue(count.getMessage().contains("1 vote weights for 2 models"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VoteMatrices.softVote(members, new double[] {-0.5, 1.5}));
    }

    @Test
    void softVoteCanOverruleTheMajorityWhenItIsUnsure() {
        // Two members lean weakly to digit 0, one is sure of digit 1: the soft vote picks 1, a hard vote would pick 0.
        float[][] weak1 = {row(0.55f, 0.45f)};
        float[][] weak2 = {row(0.55f, 0.45f)};
        float[][] sure = {row(0.01f, 0.99f)};

        int[] predicted = VoteMatrices.argmax(VoteMatrices.softVote(List.of(weak1, weak2, sure), SoftVote.equalWeights(3)));

        assertArrayEquals(new int[] {1}, predicted);
    }

    @Test
    void softVoteRejectsMembersOfDifferentShapes() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> VoteMatrices.softVote(List.of(new float[2][10], new float[3][10]), SoftVote.equalWeights(2)));
        assertTrue(rows.getMessage().contains("model 1"), rows.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VoteMatrices.softVote(List.of(new float[2][10], new float[2][9]), SoftVote.equalWeights(2)));
        assertThrows(IllegalArgumentException.class, () -> VoteMatrices.softVote(List.of(), new double[0]));
    }

    @Test
    void argmaxPicksTheLargestAndTheLowestIndexOnATie() {
        assertArrayEquals(new int[] {2, 0, 1},
                VoteMatrices.argmax(new float[][] {logits(0f, 1f, 3f), logits(1f, 1f, 0f), logits(-5f, -1f, -2f)}));
        assertEquals(1, VoteMatrices.argmax(new float[][] {logits(0f, 1f)}).length);
    }

    /** Ten logits: the given first ones, the rest far below them so they carry no probability. */
    private static float[] logits(float... first) {
        float[] logits = new float[10];
        Arrays.fill(logits, -1e4f);
        System.arraycopy(first, 0, logits, 0, first.length);
        return logits;
    }

    /** Ten probabilities: the given first ones, zero for the other digits. */
    private static float[] row(float... first) {
        return Arrays.copyOf(first, 10);
    }
}
