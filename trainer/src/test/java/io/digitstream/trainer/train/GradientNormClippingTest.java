package io.digitstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real gradients from the PyTorch engine, clipped and measured again. */
class GradientNormClippingTest {

    /** A linear layer whose loss is scaled by {@code lossScale}, so the gradient norm is as large as we like. */
    private static double[] gradientsAfterClip(float lossScale, float maxNorm, float[][] before, float[][] after) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            Block block = Linear.builder().setUnits(3).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
            block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            NDArray input = manager.randomUniform(0, 1, new Shape(4, 5));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList output = block.forward(new ParameterStore(manager, false), new NDList(input), true);
                collector.backward(output.singletonOrThrow().square().sum().mul(lossScale));
            }
            int i = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                before[i++] = p.getValue().getArray().getGradient().toFloatArray();
            }
            double normBefore = GradientNormClipping.clip(block, manager, maxNorm);
            double sumOfSquares = 0;
            i = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                after[i] = p.getValue().getArray().getGradient().toFloatArray();
                for (float g : after[i]) {
                    sumOfSquares += g * g;
                }
                i++;
            }
            return new double[] {normBefore, Math.sqrt(sumOfSquares)};
        }
    }

    private static double norm(float[][] gradients) {
        double sum = 0;
        for (float[] g : gradients) {
            for (float v : g) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void scalesALargeGradientDownToTheLimitKeepingItsDirection() {
        float[][] before = new float[2][];
        float[][] after = new float[2][];
        double[] norms = gradientsAfterClip(1000f, 1.0f, before, after);
        assertEquals(norm(before), norms[0], norms[0] * 1e-4, "returns the norm before clipping");
        assertTrue(norms[0] > 10, "the test needs a large gradient, got " + norms[0]);
        assertEquals(1.0, norms[1], 1e-3, "global norm after clipping");
        double scale = norms[1] / norms[0];
        for (int p = 0; p < before.length; p++) {
            for (int k = 0; k < before[p].length; k++) {
                assertEquals(before[p][k] * scale, after[p][k], 1e-5, "same direction, parameter " + p);
            }
        }
    }

    @Test
    void leavesASmallGradientAlone() {
        float[][] before = new float[2][];
        float[][] after = new float[2][];
        double[] norms = gradientsAfterClip(1e-3f, 1.0f, before, after);
        assertTrue(norms[0] < 1.0, "the test needs a small gradient, got " + norms[0]);
        for (int p = 0; p < before.length; p++) {
            assertArrayEquals(before[p], after[p]);
        }
    }
}
