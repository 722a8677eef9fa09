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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A DJL {@link Dataset} over a {@link DigitSet} that builds each batch as one {@code [B,28,28]} float tensor straight
 * from the pixel array (one native copy per batch instead of one per image). Each pass draws a fresh seeded
 * permutation when shuffling, and a fresh augmentation when an augmenter is given, either in the caller's thread or a
 * batch ahead on a worker thread. One worker, in batch order, so the augmenter's random draws and the batches are the
 * same either way.
 */
public final class DigitBatches implements Dataset {

    private final DigitSet digits;
    private final int batchSize;
    private final Random order;
    private final boolean shuffle;
    private final DigitAugmenter augmenter;
    /** Prepares the next augmented batch; its one thread ends a few seconds after the last batch. Null: inline. */
    private final ExecutorService ahead;

    private DigitBatches(DigitSet digits, int batchSize, boolean shuffle, DigitAugmenter augmenter, boolean prepareAhead,
            long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.digits = digits;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augmenter = augmenter;
        this.order = new Random(seed);
        this.ahead = augmenter != null && prepareAhead ? aheadWorker() : null;
    }

    /** Shuffled batches for training, optionally augmented (pass {@code null} for none) between batches. */
    public static DigitBatches forTraining(DigitSet digits, int batchSize, DigitAugmenter augmenter, long seed) {
        return new DigitBatches(digits, batchSize, true, augmenter, false, seed);
    }

    /** As {@link #forTraining}, but each augmented batch is made on a worker thread while the previous one trains. */
    public static DigitBatches forTrainingOnWorker(DigitSet digits, int batchSize, DigitAugmenter augmenter,
            long seed) {
        return new DigitBatches(digits, batchSize, true, augmenter, true, seed);
    }

    /** Batches in the stored order, untouched, for evaluation. */
    public static DigitBatches inOrder(DigitSet digits, int batchSize) {
        return new DigitBatches(digits, batchSize, false, null, false, 0);
    }

    private static ExecutorService aheadWorker() {
        return new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "digit-batches-ahead");
            thread.setDaemon(true);
            return thread;
        });
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

    /** One batch's pixels and labels, before they become engine arrays. */
    private record Prepared(float[] pixels, long[] labels) {
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final int[] permutation;
        private int next;
        /** The batch starting at {@code next}, being prepared by {@link #ahead}; null before the first. */
        private Future<Prepared> pending;

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
            int start = next;
            Prepared prepared = ahead == null ? prepare(start) : await(pending != null ? pending : submit(start));
            int size = prepared.labels().length;
            next += size;
            pending = ahead != null && hasNext() ? submit(next) : null;
            NDManager batchManager = manager.newSubManager();
            NDList data = new NDList(batchManager.create(FloatBuffer.wrap(prepared.pixels()),
                    new Shape(size, ModelContract.SIDE, ModelContract.SIDE)));
            NDList label = new NDList(batchManager.create(prepared.labels()));
            return new Batch(batchManager, data, label, size, Batchifier.STACK, Batchifier.STACK, start / batchSize,
                    batchesPerPass());
        }

        private Future<Prepared> submit(int start) {
            return ahead.submit(() -> prepare(start));
        }

        private Prepared prepare(int start) {
            int size = Math.min(batchSize, permutation.length - start);
            float[] pixels = new float[size * ModelContract.PIXELS];
            long[] labels = new long[size];
            for (int i = 0; i < size; i++) {
                int index = permutation[start + i];
                if (augmenter == null) {
                    System.arraycopy(digits.pixels(), index * ModelContract.PIXELS, pixels, i * ModelContract.PIXELS,
                            ModelContract.PIXELS);
                } else {
                    augmenter.transform(digits.pixels(), index * ModelContract.PIXELS, pixels, i * ModelContract.PIXELS);
                }
                labels[i] = digits.labels()[index];
            }
            return new Prepared(pixels, labels);
        }

        private static Prepared await(Future<Prepared> batch) {
            try {
                return batch.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the next training batch was prepared", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("preparing a training batch failed", e.getCause());
            }
        }
    }
}
