package io.digitstream.trainer.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;

import io.digitstream.schemas.ModelContract;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A DJL {@link Dataset} over a {@link DigitSet} that builds each batch as one {@code [B,28,28]} float tensor straight
 * from the pixel array (one native copy per batch instead of one per image). Each pass draws a fresh seeded
 * permutation when shuffling, and a fresh augmentation when an augmenter is given.
 */
public final class DigitBatches implements Dataset {

    private final DigitSet digits;
    private final int batchSize;
    private final Random order;
    private final boolean shuffle;
    private final DigitAugmenter augmenter;

    private DigitBatches(DigitSet digits, int batchSize, boolean shuffle, DigitAugmenter augmenter, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.digits = digits;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augmenter = augmenter;
        this.order = new Random(seed);
    }

    /** Shuffled batches for training, optionally augmented (pass {@code null} for none). */
    public static DigitBatches forTraining(DigitSet digits, int batchSize, DigitAugmenter augmenter, long seed) {
        return new DigitBatches(digits, batchSize, true, augmenter, seed);
    }

    /** Batches in the stored order, untouched, for evaluation. */
    public static DigitBatches inOrder(DigitSet digits, int batchSize) {
        return new DigitBatches(digits, batchSize, false, null, 0);
    }

    public int batchesPerPass() {
        return (digits.count() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int[] permutation = StratifiedSampler.all(digits.count());
        if (shuffle) {
            for (int i = permutation.length - 1; i > 0; i--) {
                int j = order.nextInt(i + 1);
                int swap = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = swap;
            }
        }
        return () -> new BatchIterator(manager, permutation);
    }

    @Override
    public void prepare(Progress progress) {
        // Everything already sits in memory.
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final int[] permutation;
        private int next;

        private BatchIterator(NDManager manager, int[] permutation) {
            this.manager = manager;
            this.permutation = permutation;
        }

        @Override
        public boolean hasNext() {
            return next < permutation.length;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int size = Math.min(batchSize, permutation.length - next);
            float[] pixels = new float[size * ModelContract.PIXELS];
            long[] labels = new long[size];
            for (int i = 0; i < size; i++) {
                int index = permutation[next + i];
                if (augmenter == null) {
                    System.arraycopy(digits.pixels(), index * ModelContract.PIXELS, pixels, i * ModelContract.PIXELS,
                            ModelContract.PIXELS);
                } else {
                    augmenter.transform(digits.pixels(), index * ModelContract.PIXELS, pixels, i * ModelContract.PIXELS);
                }
                labels[i] = digits.labels()[index];
            }
            NDManager batchManager = manager.newSubManager();
            NDList data = new NDList(batchManager.create(FloatBuffer.wrap(pixels),
                    new Shape(size, ModelContract.SIDE, ModelContract.SIDE)));
            NDList label = new NDList(batchManager.create(labels));
            long progress = next / batchSize;
            next += size;
            return new Batch(batchManager, data, label, size, Batchifier.STACK, Batchifier.STACK, progress,
                    batchesPerPass());
        }
    }
}
