package io.digitstream.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeededDropoutTest {

    private static final Shape SHAPE = new Shape(64, 1000);

    private static float[] forward(Block block, NDManager manager, boolean training) {
        NDArray ones = manager.ones(SHAPE);
        return block.forward(new ParameterStore(manager, false), new NDList(ones), training).singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void trainingZeroesAboutTheRateAndScalesTheRestSoTheMeanStays() {
        SeededDropout dropout = new SeededDropout(0.25f);
        try (NDManager manager = NDManager.newBaseManager()) {
            dropout.initialize(manager, DataType.FLOAT32, SHAPE);
            SeededDropout.reseed(dropout, 42);
            float[] out = forward(dropout, manager, true);
            int zeros = 0;
            double sum = 0;
            for (float value : out) {
                if (value == 0f) {
                    zeros++;
                } else {
                    assertEquals(1f / 0.75f, value, 1e-6f, "kept values are scaled by 1/(1-rate)");
                }
                sum += value;
            }
            assertEquals(0.25, (double) zeros / out.length, 0.01, "share dropped");
            assertEquals(1.0, sum / out.length, 0.015, "the mean is kept");
        }
    }

    @Test
    void inferencePassesTheInputThrough() {
        SeededDropout dropout = new SeededDropout(0.5f);
        try (NDManager manager = NDManager.newBaseManager()) {
            dropout.initialize(manager, DataType.FLOAT32, SHAPE);
            float[] out = forward(dropout, manager, false);
            for (float value : out) {
                assertEquals(1f, value);
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameMasksAndEveryBlockHasItsOwnStream() {
        SeededDropout first = new SeededDropout(0.3f);
        SeededDropout second = new SeededDropout(0.3f);
        Block tree = new SequentialBlock().add(first).add(second);
        try (NDManager manager = NDManager.newBaseManager()) {
            tree.initialize(manager, DataType.FLOAT32, SHAPE);
            SeededDropout.reseed(tree, 7);
            float[] firstMask = forward(first, manager, true);
            float[] secondMask = forward(second, manager, true);
            float[] firstAgain = forward(first, manager, true);
            SeededDropout.reseed(tree, 7);
            assertArrayEquals(firstMask, forward(first, manager, true), "reseeding repeats the masks");
            assertArrayEquals(secondMask, forward(second, manager, true));
            assertFalse(java.util.Arrays.equals(firstMask, secondMask), "two blocks, two streams");
            assertFalse(java.util.Arrays.equals(firstMask, firstAgain), "each step a new mask");
            SeededDropout.reseed(tree, 8);
            assertFalse(java.util.Arrays.equals(firstMask, forward(first, manager, true)), "another seed, other masks");
        }
    }

    @Test
    void theGradientFlowsThroughTheKeptValuesOnly() {
        SeededDropout dropout = new SeededDropout(0.4f);
        try (NDManager manager = NDManager.newBaseManager()) {
            dropout.initialize(manager, DataType.FLOAT32, SHAPE);
            SeededDropout.reseed(dropout, 3);
            NDArray input = manager.ones(SHAPE);
            input.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray result = dropout.forward(new ParameterStore(manager, false), new NDList(input), true)
                        .singletonOrThrow();
                out = result.toFloatArray();
                collector.backward(result.sum());
            }
            // With ones in, each output is its mask value, and so is the gradient of their sum.
            assertArrayEquals(out, input.getGradient().toFloatArray());
        }
    }

    @Test
    void rateZeroChangesNothing() {
        SeededDropout dropout = new SeededDropout(0f);
        try (NDManager manager = NDManager.newBaseManager()) {
            dropout.initialize(manager, DataType.FLOAT32, SHAPE);
            for (float value : forward(dropout, manager, true)) {
                assertEquals(1f, value);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.1f, 1f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY})
    void aRateOutsideZeroToOneIsRefused(float rate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeededDropout(rate));
        assertTrue(e.getMessage().contains("dropout rate"), e.getMessage());
    }
}
