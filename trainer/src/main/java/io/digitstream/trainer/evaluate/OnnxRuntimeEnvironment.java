package io.digitstream.trainer.evaluate;

import ai.onnxruntime.OrtEnvironment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide ONNX Runtime environment, created on a thread with a large stack.
 *
 * <p>Why: on this platform, loading and initialising ONNX Runtime 1.29's native library overflows a thread stack of
 * 900 KB and crashes the JVM with a bare SIGSEGV (no hs_err file, no exception). A JVM thread's default stack is
 * 1 MB and part of it is already used by the Java frames above the first ONNX Runtime call, so whether a process
 * survives depended on how deep that first call happened to be. Once initialised, sessions and runs are fine on
 * ordinary stacks (checked down to 256 KB), so only the first call is moved to a roomy thread.
 */
public final class OnnxRuntimeEnvironment {

    /** Generous compared with the measured need (between 900 KB and 1 MB); only one short-lived thread uses it. */
    private static final long INIT_STACK_BYTES = 16L * 1024 * 1024;

    private OnnxRuntimeEnvironment() {
    }

    public static OrtEnvironment get() {
        return Holder.ENVIRONMENT;
    }

    /** Initialised by the JVM, once and thread-safely, on the first call of {@link #get()}. */
    private static final class Holder {
        static final OrtEnvironment ENVIRONMENT = initialiseOnLargeStack();
    }

    private static OrtEnvironment initialiseOnLargeStack() {
        AtomicReference<OrtEnvironment> created = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread init = new Thread(null, () -> {
            try {
                created.set(OrtEnvironment.getEnvironment());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "onnxruntime-init", INIT_STACK_BYTES);
        init.start();
        try {
            init.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initialising ONNX Runtime", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("ONNX Runtime failed to initialise: " + failure.get().getMessage(),
                    failure.get());
        }
        return created.get();
    }
}
