package io.digitstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Reads the trained values out of a DJL block tree, in the order the layers run. */
final class TrainedParameters {

    private TrainedParameters() {
    }

    /** Every block of the given type under {@code root}, depth first, in execution order. */
    static <T extends Block> List<T> layersOfType(Block root, Class<T> type) {
        List<T> found = new ArrayList<>();
        collect(root, type, found);
        return found;
    }

    static <T extends Block> T singleLayerOfType(Block root, Class<T> type) {
        List<T> layers = layersOfType(root, type);
        if (layers.size() != 1) {
            throw new IllegalArgumentException(
                    "expected exactly one " + type.getSimpleName() + " in the block, found " + layers.size());
        }
        return layers.get(0);
    }

    static NDArray array(Block layer, String parameterName) {
        Parameter parameter = layer.getParameters().get(parameterName);
        if (parameter == null || !parameter.isInitialized()) {
            throw new IllegalArgumentException("block " + layer.getClass().getSimpleName()
                    + " has no trained parameter '" + parameterName + "'");
        }
        return parameter.getArray();
    }

    static float[] values(Block layer, String parameterName) {
        return array(layer, parameterName).toFloatArray();
    }

    static long[] shape(Block layer, String parameterName) {
        return array(layer, parameterName).getShape().getShape();
    }

    private static <T extends Block> void collect(Block block, Class<T> type, List<T> found) {
        if (type.isInstance(block)) {
            found.add(type.cast(block));
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), type, found);
        }
    }
}
