package io.digitstream.trainer.export;

import static io.digitstream.trainer.export.OnnxGraph.floatAttribute;
import static io.digitstream.trainer.export.OnnxGraph.intAttribute;
import static io.digitstream.trainer.export.OnnxGraph.intsAttribute;

import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.recurrent.RecurrentBlock;
import io.digitstream.trainer.model.CnnModel;
import io.digitstream.trainer.model.PixelNormalization;
import io.digitstream.trainer.model.Readout;
import java.util.Locale;

/** Translates one trained DJL layer at a time into ONNX nodes; each method returns the name of its output. */
final class GraphLayers {

    private GraphLayers() {
    }

    static String normalise(OnnxGraph graph, String pixels) {
        String mean = graph.floatScalar("pixel_mean", PixelNormalization.MEAN);
        String std = graph.floatScalar("pixel_std", PixelNormalization.STD);
        return graph.node("Div", new String[] {graph.node("Sub", new String[] {pixels, mean}), std});
    }

    static String reshape(OnnxGraph graph, String input, long... shape) {
        return graph.node("Reshape", new String[] {input, graph.longs(graph.freshName("shape"), shape)});
    }

    static String flatten(OnnxGraph graph, String input) {
        return graph.node("Flatten", new String[] {input}, intAttribute("axis", 1));
    }

    static String relu(OnnxGraph graph, String input) {
        return graph.node("Relu", new String[] {input});
    }

    /** DJL stores a dense weight as [out, in] and computes x W^T + b, hence {@code transB=1}. */
    static void dense(OnnxGraph graph, String input, Linear linear, String output) {
        String prefix = graph.freshName("dense");
        String weight = graph.floats(prefix + "_weight",
                TrainedParameters.values(linear, "weight"), TrainedParameters.shape(linear, "weight"));
        String bias = graph.floats(prefix + "_bias",
                TrainedParameters.values(linear, "bias"), TrainedParameters.shape(linear, "bias"));
        graph.nodeWithOutputs("Gemm", new String[] {input, weight, bias}, new String[] {output},
                intAttribute("transB", 1));
    }

    static String dense(OnnxGraph graph, String input, Linear linear) {
        String output = graph.freshName("dense_out");
        dense(graph, input, linear, output);
        return output;
    }

    /** Same-padded 3x3 convolution without bias, as {@link CnnModel} builds it. */
    static String conv(OnnxGraph graph, String input, Conv2d conv) {
        String weight = graph.floats(graph.freshName("conv_weight"),
                TrainedParameters.values(conv, "weight"), TrainedParameters.shape(conv, "weight"));
        int pad = CnnModel.PADDING;
        return graph.node("Conv", new String[] {input, weight},
                intsAttribute("kernel_shape", CnnModel.KERNEL, CnnModel.KERNEL),
                intsAttribute("pads", pad, pad, pad, pad),
                intsAttribute("strides", 1, 1));
    }

    /** Inference-mode batch norm: the running statistics collected during training, not the batch's own. */
    static String batchNorm(OnnxGraph graph, String input, BatchNorm norm) {
        String prefix = graph.freshName("bn");
        String[] inputs = {
            input,
            batchNormInput(graph, prefix + "_gamma", norm, "gamma"),
            batchNormInput(graph, prefix + "_beta", norm, "beta"),
            batchNormInput(graph, prefix + "_mean", norm, "runningMean"),
            batchNormInput(graph, prefix + "_var", norm, "runningVar"),
        };
        return graph.node("BatchNormalization", inputs, floatAttribute("epsilon", CnnModel.BATCH_NORM_EPSILON));
    }

    private static String batchNormInput(OnnxGraph graph, String name, BatchNorm norm, String parameter) {
        return graph.floats(name, TrainedParameters.values(norm, parameter), TrainedParameters.shape(norm, parameter));
    }

    static String maxPool(OnnxGraph graph, String input) {
        return graph.node("MaxPool", new String[] {input},
                intsAttribute("kernel_shape", CnnModel.POOL, CnnModel.POOL),
                intsAttribute("strides", CnnModel.POOL, CnnModel.POOL));
    }

    /**
     * Stacked recurrent layers over a time-first {@code [T,N,I]} input; returns the last layer's {@link Readout}
     * {@code [N,H]}: its final state, or the mean of its states over the steps.
     */
    static String recurrent(OnnxGraph graph, String timeFirst, RecurrentBlock layers, RecurrentCell cell,
            Readout readout) {
        int layerCount = recurrentLayerCount(layers);
        String sequence = timeFirst;
        for (int layer = 0; layer < layerCount - 1; layer++) {
            sequence = everyStep(graph, recurrentLayer(graph, sequence, layers, layer, cell, true));
        }
        return switch (readout) {
            // Y_h is [directions=1, N, H].
            case LAST_STEP -> squeeze(graph,
                    recurrentLayer(graph, sequence, layers, layerCount - 1, cell, false), 0);
            case MEAN_OF_STEPS -> {
                String steps = everyStep(graph, recurrentLayer(graph, sequence, layers, layerCount - 1, cell, true));
                yield graph.node("ReduceMean", new String[] {steps}, intsAttribute("axes", 0),
                        intAttribute("keepdims", 0));
            }
        };
    }

    /** Y is [T, directions=1, N, H]; the next layer, or the mean over T, reads [T, N, H]. */
    private static String everyStep(OnnxGraph graph, String y) {
        return squeeze(graph, y, 1);
    }

    /** DJL keeps four parameters per recurrent layer: input and recurrent weights, input and recurrent biases. */
    static int recurrentLayerCount(RecurrentBlock layers) {
        return layers.getParameters().size() / 4;
    }

    /**
     * One ONNX RNN/GRU node, returning either its output for every step ({@code Y}) or only its final state
     * ({@code Y_h}). DJL names the parameters {@code l_<k>_i2h_WEIGHT [G*H,I]}, {@code l_<k>_h2h_WEIGHT [G*H,H]},
     * {@code l_<k>_i2h_BIAS} and {@code l_<k>_h2h_BIAS}, gates in PyTorch's order; ONNX takes W, R and the two
     * biases concatenated into B, each with a leading direction axis.
     */
    private static String recurrentLayer(OnnxGraph graph, String sequence, RecurrentBlock layers, int layer,
            RecurrentCell cell, boolean everyStep) {
        String djlPrefix = "l_" + layer + "_";
        long[] inputWeightShape = TrainedParameters.shape(layers, djlPrefix + "i2h_WEIGHT");
        long hidden = TrainedParameters.shape(layers, djlPrefix + "h2h_WEIGHT")[1];
        long gateRows = inputWeightShape[0];
        String prefix = graph.freshName(cell.opType().toLowerCase(Locale.ROOT) + "_l" + layer);
        String w = graph.floats(prefix + "_W",
                cell.toOnnxGateOrder(TrainedParameters.values(layers, djlPrefix + "i2h_WEIGHT")),
                1, gateRows, inputWeightShape[1]);
        String r = graph.floats(prefix + "_R",
                cell.toOnnxGateOrder(TrainedParameters.values(layers, djlPrefix + "h2h_WEIGHT")),
                1, gateRows, hidden);
        String b = graph.floats(prefix + "_B", concat(
                cell.toOnnxGateOrder(TrainedParameters.values(layers, djlPrefix + "i2h_BIAS")),
                cell.toOnnxGateOrder(TrainedParameters.values(layers, djlPrefix + "h2h_BIAS"))),
                1, 2 * gateRows);
        String output = prefix + (everyStep ? "_Y" : "_Y_h");
        String[] outputs = everyStep ? new String[] {output} : new String[] {"", output};
        graph.nodeWithOutputs(cell.opType(), new String[] {sequence, w, r, b}, outputs, cell.attributes(hidden));
        return output;
    }

    private static String squeeze(OnnxGraph graph, String input, long axis) {
        return graph.node("Squeeze", new String[] {input, graph.longs(graph.freshName("axes"), axis)});
    }

    static String timeFirst(OnnxGraph graph, String batchFirst) {
        return graph.node("Transpose", new String[] {batchFirst}, intsAttribute("perm", 1, 0, 2));
    }

    private static float[] concat(float[] first, float[] second) {
        float[] both = new float[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
