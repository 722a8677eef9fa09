package io.digitstream.trainer.evaluate;

/** ONNX Runtime cost of one model on this machine: latency at batch 1, throughput at larger batches. */
public record LatencyBenchmark(
        double batch1P50Ms,
        double batch1P99Ms,
        double imagesPerSecondBatch64,
        double imagesPerSecondBatch256) {
}
