package io.digitstream.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded stratified sampling: a sample keeps each class's share of the population (largest-remainder rounding), so a
 * small validation split or training subset is not skewed towards some digits.
 */
public final class StratifiedSampler {

    private StratifiedSampler() {
    }

    /** A sample and what was left of the population. */
    public record Split(int[] sample, int[] rest) {
    }

    /**
     * Draws {@code sampleSize} of the {@code population} indices, stratified by {@code labels[index]}. Both halves come
     * back shuffled with the same seed, so the result depends only on the inputs.
     */
    public static Split split(int[] labels, int[] population, int sampleSize, int classes, long seed) {
        if (sampleSize < 0 || sampleSize > population.length) {
            throw new IllegalArgumentException(
                    "cannot sample " + sampleSize + " of " + population.length + " images");
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int index : population) {
            byClass.get(labels[index]).add(index);
        }
        byClass.forEach(members -> Collections.shuffle(members, random));

        int[] quota = quotas(byClass.stream().mapToInt(List::size).toArray(), population.length, sampleSize);
        int[] sample = new int[sampleSize];
        int[] rest = new int[population.length - sampleSize];
        int s = 0;
        int r = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            for (int i = 0; i < members.size(); i++) {
                if (i < quota[c]) {
                    sample[s++] = members.get(i);
                } else {
                    rest[r++] = members.get(i);
                }
            }
        }
        shuffle(sample, random);
        shuffle(rest, random);
        return new Split(sample, rest);
    }

    /** All indices {@code 0..count-1}. */
    public static int[] all(int count) {
        int[] indices = new int[count];
        Arrays.setAll(indices, i -> i);
        return indices;
    }

    private static int[] quotas(int[] classSizes, int total, int sampleSize) {
        int[] quota = new int[classSizes.length];
        double[] remainder = new double[classSizes.length];
        int assigned = 0;
        for (int c = 0; c < classSizes.length; c++) {
            double exact = (double) classSizes[c] * sampleSize / total;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        while (assigned < sampleSize) {
            int best = -1;
            for (int c = 0; c < classSizes.length; c++) {
                if (quota[c] < classSizes[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        return quota;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
