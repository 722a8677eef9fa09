package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.SoftVote;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleWeightsTest {

    @Test
    void twoMembersReachTheOptimumSolvedByHand() {
        // Truth probabilities: image 0 A 0.9, B 0.1; image 1 A 0.2, B 0.6. d/dw [log(0.1 + 0.8w) + log(0.6 - 0.4w)]
        // = 0 gives 0.8(0.6 - 0.4w) = 0.4(0.1 + 0.8w), so w = 0.44 / 0.64 = 0.6875.
        float[][] a = {{0.9f, 0.1f}, {0.8f, 0.2f}};
        float[][] b = {{0.1f, 0.9f}, {0.4f, 0.6f}};
        int[] labels = {0, 1};

        double[] weights = EnsembleWeights.fit(List.of(a, b), labels);

        assertArrayEquals(new double[] {0.6875, 0.3125}, weights, 1e-6);
    }

    @Test
    void fittedWeightsBeatEveryWeightingOnAGridAndTheEqualVote() {
        Random random = new Random(7);
        int images = 400;
        int[] labels = new int[images];
        List<float[][]> members = List.of(new float[images][10], new float[images][10], new float[images][10]);
        double[] errorRates = {0.05, 0.15, 0.30};
        for (int i = 0; i < images; i++) {
            labels[i] = random.nextInt(10);
            for (int m = 0; m < members.size(); m++) {
                int said = random.nextDouble() < errorRates[m] ? (labels[i] + 1 + random.nextInt(9)) % 10 : labels[i];
                float top = 0.5f + 0.45f * random.nextFloat();
                for (int c = 0; c < 10; c++) {
                    members.get(m)[i][c] = c == said ? top : (1 - top) / 9;
                }
            }
        }

        double[] fitted = EnsembleWeights.fit(members, labels);
        double best = EnsembleWeights.logLoss(members, labels, fitted);

        assertEquals(1.0, fitted[0] + fitted[1] + fitted[2], 1e-9);
        assertTrue(fitted[0] > fitted[1] && fitted[1] >= fitted[2], () -> "more say for fewer errors: "
                + java.util.Arrays.toString(fitted));
        assertTrue(best < EnsembleWeights.logLoss(members, labels, SoftVote.equalWeights(3)));
        for (int x = 0; x <= 20; x++) {
            for (int y = 0; x + y <= 20; y++) {
                double[] grid = {x / 20.0, y / 20.0, (20 - x - y) / 20.0};
                assertTrue(best <= EnsembleWeights.logLoss(members, labels, grid) + 1e-9,
                        () -> "grid point " + java.util.Arrays.toString(grid) + " beats the fit");
            }
        }
    }

    @Test
    void aMemberThatIsAlwaysSureAndRightTakesAlmostAllTheWeight() {
        float[][] perfect = {{1f, 0f}, {0f, 1f}, {1f, 0f}};
        float[][] coinFlip = {{0.5f, 0.5f}, {0.5f, 0.5f}, {0.5f, 0.5f}};

        double[] weights = EnsembleWeights.fit(List.of(coinFlip, perfect), new int[] {0, 1, 0});

        assertTrue(weights[1] > 0.999, () -> java.util.Arrays.toString(weights));
    }

    @Test
    void identicalMembersShareTheWeightEqually() {
        float[][] member = {{0.7f, 0.3f}, {0.4f, 0.6f}};

        assertArrayEquals(new double[] {0.5, 0.5}, EnsembleWeights.fit(List.of(member, member), new int[] {0, 0}),
                1e-12);
    }

    @Test
    void refusesLabelsOutsideTheClassesAndMismatchedSizes() {
        float[][] member = {{0.7f, 0.3f}};
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> EnsembleWeights.fit(List.<float[][]>of(member), new int[] {2}));
        assertTrue(label.getMessage().contains("label 2"), label.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> EnsembleWeights.fit(List.<float[][]>of(member), new int[] {0, 1}));
        assertTrue(rows.getMessage().contains("1 rows of probabilities for 2 labels"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnsembleWeights.fit(List.of(), new int[] {0}));
    }
}
