package io.digitstream.inference.model;

/**
 * ONNX Runtime thread settings for every session. On a 2-core machine the Kafka client and the HTTP server also need
 * CPU, so these are chosen by measurement (docs/benchmarks.md), not by ORT's default of one thread per core.
 */
public record OnnxThreads(int intraOp, int interOp) {

    public OnnxThreads {
        if (intraOp < 1 || interOp < 1) {
            throw new IllegalArgumentException("ONNX Runtime thread counts must be >= 1 but were intra-op " + intraOp
                    + ", inter-op " + interOp);
        }
    }
}
