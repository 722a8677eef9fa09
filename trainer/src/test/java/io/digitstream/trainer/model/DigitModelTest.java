package io.digitstream.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DigitModelTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyModelMapsABatchOfImagesToTenLogits(Architecture architecture) {
        DigitModel model = DigitModels.of(architecture);
        assertEquals(architecture, model.architecture());
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = model.build(model.defaults());
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 28, 28));
            NDList logits = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0, 1, new Shape(5, 28, 28))), false);
            assertArrayEquals(new long[] {5, 10}, logits.singletonOrThrow().getShape().getShape());
        }
    }

    @Test
    void defaultMlpIs784To512To256To10() {
        long expected = 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10;
        assertEquals(535_818, expected);
        assertEquals(expected, parameters(Architecture.MLP));
        assertEquals(2L * (784 * 512 + 512 * 256 + 256 * 10), flops(Architecture.MLP));
    }

    @Test
    void defaultRnnHasTwoLayersOf128() {
        long layer0 = 128 * 28 + 128 * 128 + 2 * 128;
        long layer1 = 128 * 128 + 128 * 128 + 2 * 128;
        long dense = 128 * 10 + 10;
        assertEquals(layer0 + layer1 + dense, parameters(Architecture.RNN));
        long macsPerStep = 128 * (28 + 128) + 128 * (128 + 128);
        assertEquals(2L * (28 * macsPerStep + 128 * 10), flops(Architecture.RNN));
    }

    @Test
    void defaultGruHasThreeGateBlocksPerLayer() {
        long layer0 = 3 * (128 * 28 + 128 * 128 + 2 * 128);
        long layer1 = 3 * (128 * 128 + 128 * 128 + 2 * 128);
        long dense = 128 * 10 + 10;
        assertEquals(layer0 + layer1 + dense, parameters(Architecture.GRU));
        long macsPerStep = 3 * (128 * (28 + 128) + 128 * (128 + 128));
        assertEquals(2L * (28 * macsPerStep + 128 * 10), flops(Architecture.GRU));
    }

    @Test
    void defaultCnnHasThreeConvBlocksEndingInA128By3By3MapReadBy256HiddenUnits() {
        // conv weights (no bias) + batch norm gamma, beta, running mean and variance per channel, then the dense head.
        long conv = 32 * 1 * 9 + 64 * 32 * 9 + 128 * 64 * 9;
        long batchNorm = 4 * (32 + 64 + 128);
        long dense = (128 * 3 * 3 * 256 + 256) + (256 * 10 + 10);
        assertEquals(conv + batchNorm + dense, parameters(Architecture.CNN));
        long macs = 28 * 28 * 32 * 9 + 14 * 14 * 64 * 32 * 9 + 7 * 7 * 128 * 64 * 9 + 128 * 3 * 3 * 256 + 256 * 10;
        assertEquals(2L * macs, flops(Architecture.CNN));
    }

    @Test
    void widerModelsCostMore() {
        for (Architecture architecture : Architecture.values()) {
            DigitModel model = DigitModels.of(architecture);
            ModelHyperparameters base = model.defaults();
            ModelHyperparameters wider = new ModelHyperparameters(base.width() * 2, base.layers(), base.dropout());
            assertTrue(model.flopsPerImage(wider) > model.flopsPerImage(base), architecture.id());
        }
    }

    @Test
    void impossibleShapesAreRejectedWithTheReason() {
        IllegalArgumentException cnn = assertThrows(IllegalArgumentException.class,
                () -> DigitModels.of(Architecture.CNN).build(new ModelHyperparameters(32, 5, 0.1f)));
        assertTrue(cnn.getMessage().contains("5 blocks"), cnn.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DigitModels.of(Architecture.MLP).build(new ModelHyperparameters(16, 2, 0.1f)));
    }

    @Test
    void hyperparametersOutsideTheirRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ModelHyperparameters(0, 2, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new ModelHyperparameters(128, 0, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new ModelHyperparameters(128, 2, 1.0f));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new ModelHyperparameters(128, 2, Float.NaN));
        assertTrue(nan.getMessage().contains("dropout NaN"), nan.getMessage());
    }

    private static long parameters(Architecture architecture) {
        DigitModel model = DigitModels.of(architecture);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = model.build(model.defaults());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 28, 28));
            return DigitModels.parameterCount(block);
        }
    }

    private static long flops(Architecture architecture) {
        DigitModel model = DigitModels.of(architecture);
        return model.flopsPerImage(model.defaults());
    }
}
