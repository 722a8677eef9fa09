package io.digitstream.trainer.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifiedSamplerTest {

    /** Deliberately unbalanced: class c has 100 + 37 c images, in a scrambled order. */
    private static int[] unbalancedLabels() {
        int[] labels = IntStream.range(0, 10).flatMap(c -> IntStream.range(0, 100 + 37 * c).map(i -> c)).toArray();
        Random random = new Random(7);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = labels[i];
            labels[i] = labels[j];
            labels[j] = swap;
        }
        return labels;
    }

    @Test
    void sampleKeepsEveryClassShareWithinOneImage() {
        int[] labels = unbalancedLabels();
        int sampleSize = 500;
        StratifiedSampler.Split split = StratifiedSampler.split(labels, StratifiedSampler.all(labels.length),
                sampleSize, 10, 42);
        int[] counts = new int[10];
        Arrays.stream(split.sample()).forEach(i -> counts[labels[i]]++);
        for (int c = 0; c < 10; c++) {
            double exact = (100.0 + 37 * c) * sampleSize / labels.length;
            assertTrue(Math.abs(counts[c] - exact) < 1.0, "class " + c + ": " + counts[c] + " vs " + exact);
        }
        assertEquals(sampleSize, split.sample().length);
    }

    @Test
    void sampleAndRestPartitionThePopulation() {
        int[] labels = unbalancedLabels();
        StratifiedSampler.Split split = StratifiedSampler.split(labels, StratifiedSampler.all(labels.length), 321,
                10, 1);
        Set<Integer> seen = new HashSet<>();
        IntStream.concat(Arrays.stream(split.sample()), Arrays.stream(split.rest()))
                .forEach(i -> assertTrue(seen.add(i), "index " + i + " drawn twice"));
        assertEquals(labels.length, seen.size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = unbalancedLabels();
        int[] all = StratifiedSampler.all(labels.length);
        StratifiedSampler.Split first = StratifiedSampler.split(labels, all, 300, 10, 5);
        StratifiedSampler.Split again = StratifiedSampler.split(labels, all, 300, 10, 5);
        StratifiedSampler.Split other = StratifiedSampler.split(labels, all, 300, 10, 6);
        assertArrayEquals(first.sample(), again.sample());
        assertArrayEquals(first.rest(), again.rest());
        assertFalse(Arrays.equals(first.sample(), other.sample()));
    }

    @Test
    void samplesFromASubPopulationOnly() {
        int[] labels = unbalancedLabels();
        int[] evens = IntStream.range(0, labels.length).filter(i -> i % 2 == 0).toArray();
        StratifiedSampler.Split split = StratifiedSampler.split(labels, evens, 200, 10, 3);
        assertTrue(Arrays.stream(split.sample()).allMatch(i -> i % 2 == 0));
        assertEquals(evens.length - 200, split.rest().length);
    }

    @Test
    void refusesToSampleMoreThanThePopulation() {
        int[] labels = unbalancedLabels();
        assertThrows(IllegalArgumentException.class,
                () -> StratifiedSampler.split(labels, StratifiedSampler.all(10), 11, 10, 1));
    }
}
