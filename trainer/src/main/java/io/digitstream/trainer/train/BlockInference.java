package io.digitstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.digitstream.trainer.data.DigitBatches;
import io.digitstream.trainer.data.DigitSet;

/** The training engine's own forward pass in inference mode (no dropout, batch-norm running statistics). */
public final class BlockInference {

    private BlockInference() {
    }

    /** Logits {@code [N][10]} of {@code block} for every image of {@code digits}, in order. */
    public static float[][] logits(Block block, NDManager parent, DigitSet digits, int batchSize) {
        float[][] logits = new float[digits.count()][];
        int row = 0;
        try (NDManager manager = parent.newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (Batch batch : DigitBatches.inOrder(digits, batchSize).getData(manager)) {
                try (batch) {
                    NDArray output = block.forward(parameters, batch.getData(), false).singletonOrThrow();
                    int classes = Math.toIntExact(output.getShape().get(1));
                    float[] flat = output.toFloatArray();
                    for (int i = 0; i < batch.getSize(); i++) {
                        float[] one = new float[classes];
                        System.arraycopy(flat, i * classes, one, 0, classes);
                        logits[row++] = one;
                    }
                }
            }
        }
        return logits;
    }

    /** Mean softmax cross-entropy and accuracy of {@code block} on {@code digits}. */
    public static LossAndAccuracy measure(Block block, NDManager parent, DigitSet digits, int batchSize) {
        double lossSum = 0;
        long correct = 0;
        try (NDManager manager = parent.newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (Batch batch : DigitBatches.inOrder(digits, batchSize).getData(manager)) {
                try (batch) {
                    NDList output = block.forward(parameters, batch.getData(), false);
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    lossSum += crossEntropySum(output.singletonOrThrow(), labels);
                    correct += correctCount(output.singletonOrThrow(), labels);
                }
            }
        }
        return new LossAndAccuracy(lossSum / digits.count(), (double) correct / digits.count());
    }

    /** Sum over the batch of the softmax cross-entropy. */
    static double crossEntropySum(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(labels.reshape(-1, 1), 1);
        return -picked.sum().getFloat();
    }

    static long correctCount(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
    }

    /** Validation or test loss and accuracy. */
    public record LossAndAccuracy(double loss, double accuracy) {
    }
}
