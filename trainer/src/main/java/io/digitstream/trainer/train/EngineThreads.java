package io.digitstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Optional;

/**
 * One of the training engine's intra-op threads, lent out while a model trains: a recurrent model's 28 small steps
 * gain nothing from a second engine thread, so that core is better spent augmenting the next batch (docs/benchmarks.md,
 * "Augmentation on its own thread"). The engine keeps at least one. Models trained side by side each set their lane's
 * count with {@link #setForThisThread}.
 */
public final class EngineThreads implements AutoCloseable {

    private final int before;

    private EngineThreads(int before) {
        this.before = before;
        JniUtils.setNumThreads(before - 1);
    }

    /** One thread taken from the engine until {@link #close()}; empty when the engine has only one. */
    static Optional<EngineThreads> lendOne() {
        int current = current();
        return current > 1 ? Optional.of(new EngineThreads(current)) : Optional.empty();
    }

    /**
     * Sets the engine's intra-op threads for the calling thread's work: the engine keeps that count per thread (its
     * OpenMP setting), and a thread that never set it starts from the count set last anywhere.
     */
    public static void setForThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the engine needs at least one thread, was " + threads);
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    /** The engine's threads now. */
    static int current() {
        Engine.getInstance(); // loads the native library the calls below go to
        return JniUtils.getNumThreads();
    }

    @Override
    public void close() {
        JniUtils.setNumThreads(before);
    }
}
