package io.digitstream.inference.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most a fixed number of predictions run on the HTTP path at once; a request over that is refused at once
 * ({@link TooManyPredictionsException}, 429) instead of waiting in the worker pool's unbounded queue. A prediction is
 * CPU work on one thread (decoding, one ONNX Runtime intra-op thread per model), so more of them at once than about two
 * per core only makes every one of them slower, and a client told to retry can go to another instance.
 */
public final class PredictionSlots {

    /** Per processor: one computing while the next one's request is read and parsed. */
    static final int PER_PROCESSOR = 2;

    private final int capacity;
    private final Semaphore free;

    public PredictionSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one prediction must be allowed at once, not " + capacity);
        }
        this.capacity = capacity;
        this.free = new Semaphore(capacity);
    }

    /**
     * @param configured the configured limit, or 0 for {@value #PER_PROCESSOR} per processor the JVM sees (in a
     *                   container, the CPU limit)
     */
    public static PredictionSlots of(int configured, int processors) {
        if (configured < 0) {
            throw new IllegalArgumentException("max concurrent predictions must be 0 (per processor) or more, not "
                    + configured);
        }
        return new PredictionSlots(configured == 0 ? PER_PROCESSOR * processors : configured);
    }

    /** A free slot, held until the returned {@link Slot} is closed; never waits. */
    public Slot acquire() throws TooManyPredictionsException {
        if (!free.tryAcquire()) {
            throw new TooManyPredictionsException(capacity);
        }
        return new Slot();
    }

    /** One running prediction; closing it (once or more) frees its slot once. */
    public final class Slot implements AutoCloseable {

        private final AtomicBoolean held = new AtomicBoolean(true);

        private Slot() {
        }

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                free.release();
            }
        }
    }
}
