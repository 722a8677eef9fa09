package io.digitstream.trainer.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.digitstream.schemas.ModelContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DigitBatchesTest {

    private static final AugmentationBounds SCANS = new AugmentationBounds(2, 10, 0.1f, 10, 0.5f, 0.5f);

    /** {@code count} digits whose pixels all hold their index / count, labelled index mod 10: each one traceable. */
    private static DigitSet numbered(int count) {
        float[] pixels = new float[count * ModelContract.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * ModelContract.PIXELS, (i + 1) * ModelContract.PIXELS, (float) i / count);
            labels[i] = i % ModelContract.CLASSES;
        }
        return new DigitSet(pixels, labels);
    }

    /** A batch's pixels then its labels, copied out of the engine. */
    private record Copied(float[] pixels, long[] labels) {
    }

    /** Every batch of {@code passes} passes; a pass stops after {@code stopAfter} batches when that is positive. */
    private static List<Copied> read(DigitBatches batches, int passes, int stopAfter) {
        List<Copied> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int pass = 0; pass < passes; pass++) {
                Iterator<Batch> iterator = batches.getData(manager).iterator();
                for (int taken = 0; iterator.hasNext() && (stopAfter <= 0 || taken < stopAfter); taken++) {
                    try (Batch batch = iterator.next()) {
                        out.add(new Copied(batch.getData().singletonOrThrow().toFloatArray(),
                                batch.getLabels().singletonOrThrow().toLongArray()));
                    }
                }
            }
        }
        return out;
    }

    private static void assertSameBatches(List<Copied> expected, List<Copied> actual) {
        assertEquals(expected.size(), actual.size(), "batches");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).labels(), actual.get(i).labels(), "labels of batch " + i);
            assertArrayEquals(expected.get(i).pixels(), actual.get(i).pixels(), "pixels of batch " + i);
        }
    }

    @Test
    void aWorkerAugmentingAheadMakesExactlyTheBatchesTheTrainingThreadWould() {
        DigitSet digits = numbered(1_000);
        List<Copied> inline = read(DigitBatches.forTraining(digits, 64, SCANS.augmenter(7), 7), 3, 0);
        List<Copied> ahead = read(DigitBatches.forTrainingOnWorker(digits, 64, SCANS.augmenter(7), 7), 3, 0);

        assertEquals(3 * 16, ahead.size(), "16 batches of up to 64 per pass of 1,000");
        assertEquals(1_000 - 15 * 64, ahead.get(15).labels().length, "the last batch holds the rest");
        assertSameBatches(inline, ahead);
        assertFalse(Arrays.equals(ahead.get(0).pixels(), ahead.get(16).pixels()), "each pass draws afresh");
    }

    @Test
    void aPassLeftUnfinishedLeavesTheNextOneWhole() {
        // Training drops a pass only when it fails; the batch the worker had already prepared must neither block nor
        // leak into the next pass.
        DigitSet digits = numbered(600);
        DigitBatches batches = DigitBatches.forTrainingOnWorker(digits, 50, SCANS.augmenter(3), 3);
        assertEquals(3, read(batches, 1, 3).size());

        List<Copied> next = read(batches, 1, 0);
        assertEquals(12, next.size());
        assertEquals(600, next.stream().mapToInt(batch -> batch.labels().length).sum());
    }

    @Test
    void everyDigitComesOncePerPassWithItsOwnLabel() {
        DigitSet digits = numbered(300);
        List<Copied> pass = read(DigitBatches.forTraining(digits, 128, null, 5), 1, 0);

        int[] seen = new int[digits.count()];
        for (Copied batch : pass) {
            for (int i = 0; i < batch.labels().length; i++) {
                int index = Math.round(batch.pixels()[i * ModelContract.PIXELS] * digits.count());
                seen[index]++;
                assertEquals(index % ModelContract.CLASSES, batch.labels()[i], "label of digit " + index);
            }
        }
        int[] once = new int[digits.count()];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
    }

    @Test
    void aBatchLargerThanTheSetIsOneBatchAndANonPositiveOneIsRefused() {
        DigitSet digits = numbered(10);
        List<Copied> pass = read(DigitBatches.forTrainingOnWorker(digits, 1_000, SCANS.augmenter(1), 1), 1, 0);
        assertEquals(1, pass.size());
        assertEquals(10, pass.get(0).labels().length);

        assertThrows(IllegalArgumentException.class, () -> DigitBatches.forTrainingOnWorker(digits, 0, null, 1));
        assertThrows(IllegalArgumentException.class, () -> DigitBatches.forTrainingOnWorker(digits, -64, null, 1));
    }
}
