package io.digitstream.trainer.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The moving average on real engine arrays: its arithmetic, its warm-up, and that it leaves the weights alone. */
class WeightAverageTest {

    private static Block linear(NDManager manager) {
        Block block = Linear.builder().setUnits(3).build();
        block.setInitializer(Initializer.ONES, Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        return block;
    }

    private static void setAll(Block block, float value) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            float[] values = new float[Math.toIntExact(entry.getValue().getArray().size())];
            java.util.Arrays.fill(values, value);
            entry.getValue().getArray().set(values);
        }
    }

    private static List<float[]> values(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            values.add(entry.getValue().getArray().toFloatArray());
        }
        return values;
    }

    private static void assertEveryValue(Block block, float expected) {
        for (float[] parameter : values(block)) {
            for (float value : parameter) {
                assertEquals(expected, value, 1e-5f);
            }
        }
    }

    @Test
    void foldsEachStepInWithTheWarmedUpDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            setAll(block, 1f);
            try (WeightAverage average = WeightAverage.of(block, 0.999f, manager)) {
                setAll(block, 11f);
                assertEquals(0.1f, average.currentDecay(), 1e-7f, "(1 + 0) / (10 + 0)");
                average.update();
                // 0.1 * 1 + 0.9 * 11 = 10
                average.snapshot().restore();
                assertEveryValue(block, 10f);
                setAll(block, -1f);
                assertEquals(2f / 11f, average.currentDecay(), 1e-7f);
                average.update();
                average.snapshot().restore();
                assertEveryValue(block, 2f / 11f * 10f + 9f / 11f * -1f);
            }
        }
    }

    @Test
    void theDecayWarmsUpToItsCeilingAndStaysThere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            try (WeightAverage average = WeightAverage.of(block, 0.9f, manager)) {
                float previous = 0;
                for (int step = 0; step < 200; step++) {
                    float decay = average.currentDecay();
                    assertEquals(true, decay >= previous, "the decay never falls");
                    assertEquals(true, decay <= 0.9f, "the decay never passes its ceiling");
                    previous = decay;
                    average.update();
                }
                assertEquals(0.9f, average.currentDecay(), 0f);
            }
        }
    }

    @Test
    void updatingNeverTouchesTheWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            setAll(block, 3f);
            try (WeightAverage average = WeightAverage.of(block, 0.99f, manager)) {
                setAll(block, 5f);
                List<float[]> before = values(block);
                for (int step = 0; step < 20; step++) {
                    average.update();
                }
                List<float[]> after = values(block);
                for (int i = 0; i < before.size(); i++) {
                    assertArrayEquals(before.get(i), after.get(i));
                }
            }
        }
    }

    @Test
    void rejectsADecayOutsideTheOpenUnitInterval() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            for (float decay : new float[] {0f, 1f, -0.5f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
                IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                        () -> WeightAverage.of(block, decay, manager));
                assertEquals(true, error.getMessage().contains("decay"), error.getMessage());
            }
        }
    }
}
