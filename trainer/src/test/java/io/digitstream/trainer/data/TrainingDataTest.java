package io.digitstream.trainer.data;

import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistImages;
import io.digitstream.mnist.MnistLabels;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ModelContract;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {

    /** Digit d appears d + 1 times in every 55 images, so the classes are far from balanced. */
    private static final int[] UNBALANCED_CYCLE =
            IntStream.range(0, 10).flatMap(d -> IntStream.range(0, d + 1).map(i -> d)).toArray();

    /** Image i carries its own index in its first two pixels, so the test can tell which images went where. */
    private static MnistSplit numberedImages(int count, int firstId) {
        byte[] pixels = new byte[count * ModelContract.PIXELS];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            pixels[i * ModelContract.PIXELS] = (byte) (id % 256);
            pixels[i * ModelContract.PIXELS + 1] = (byte) (id / 256);
            labels[i] = (byte) UNBALANCED_CYCLE[(i * 7919) % UNBALANCED_CYCLE.length];
        }
        return new MnistSplit(new MnistImages(count, 28, 28, pixels), new MnistLabels(labels));
    }

    private static int id(DigitSet set, int index) {
        return Math.round(set.pixels()[index * ModelContract.PIXELS] * 255)
                + 256 * Math.round(set.pixels()[index * ModelContract.PIXELS + 1] * 255);
    }

    private static Set<Integer> ids(DigitSet set) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < set.count(); i++) {
            ids.add(id(set, i));
        }
        return ids;
    }

    private static final MnistDataset MNIST = new MnistDataset(numberedImages(3000, 0), numberedImages(400, 5000));

    @Test
    void validationIsAStratifiedHoldOutDisjointFromTraining() {
        TrainingData data = TrainingData.prepare(MNIST, 1000, 500, 42);
        assertEquals(1000, data.train().count());
        assertEquals(500, data.validation().count());
        Set<Integer> trainIds = ids(data.train());
        Set<Integer> validationIds = ids(data.validation());
        assertEquals(1000, trainIds.size(), "no image twice in training");
        assertTrue(validationIds.stream().noneMatch(trainIds::contains), "validation images never trained on");

        DigitSet full = DigitSet.fromBytes(MNIST.train().images().pixels(), MNIST.train().labels().labels());
        int[] population = classCounts(full);
        int[] validation = classCounts(data.validation());
        int[] train = classCounts(data.train());
        for (int c = 0; c < ModelContract.CLASSES; c++) {
            assertTrue(Math.abs(validation[c] - population[c] * 500.0 / 3000) < 1, "validation class " + c);
            assertTrue(Math.abs(train[c] - population[c] * 1000.0 / 3000) < 2, "train class " + c);
        }
    }

    @Test
    void zeroTrainCountKeepsEveryImageNotHeldOut() {
        TrainingData data = TrainingData.prepare(MNIST, 0, 500, 42);
        assertEquals(2500, data.train().count());
    }

    @Test
    void theTestSetIsPassedThroughUntouched() {
        TrainingData data = TrainingData.prepare(MNIST, 1000, 500, 42);
        assertArrayEquals(MNIST.test().images().pixels(), data.testPixels());
        assertEquals(400, data.test().count());
        assertEquals(5000, id(data.test(), 0));
        assertEquals(5399, id(data.test(), 399));
    }

    @Test
    void theSplitDependsOnTheSeedOnly() {
        TrainingData first = TrainingData.prepare(MNIST, 1000, 500, 7);
        TrainingData again = TrainingData.prepare(MNIST, 1000, 500, 7);
        TrainingData other = TrainingData.prepare(MNIST, 1000, 500, 8);
        assertEquals(ids(first.validation()), ids(again.validation()));
        assertArrayEquals(first.train().labels(), again.train().labels());
        assertTrue(!ids(first.validation()).equals(ids(other.validation())));
    }

    @Test
    void searchSubsetIsSmallerAndDrawnFromTraining() {
        TrainingData data = TrainingData.prepare(MNIST, 1000, 500, 42);
        DigitSet subset = data.searchSubset(300, 42);
        assertEquals(300, subset.count());
        assertTrue(ids(data.train()).containsAll(ids(subset)));
        assertEquals(data.train(), data.searchSubset(5000, 42), "asking for more than there is gives everything");
    }

    @Test
    void refusesMoreTrainingImagesThanRemain() {
        assertThrows(IllegalArgumentException.class, () -> TrainingData.prepare(MNIST, 2600, 500, 42));
    }

    @Test
    void refusesImagesOfTheWrongSize() {
        MnistSplit small = new MnistSplit(new MnistImages(10, 14, 14, new byte[10 * 196]),
                new MnistLabels(new byte[10]));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingData.prepare(new MnistDataset(small, small), 0, 5, 1));
    }

    /** How many images of each digit the set holds. */
    private static int[] classCounts(DigitSet set) {
        int[] counts = new int[ModelContract.CLASSES];
        for (int label : set.labels()) {
            counts[label]++;
        }
        return counts;
    }
}
