package io.digitstream.trainer.export;

import static io.digitstream.trainer.export.OnnxGraph.intAttribute;
import static io.digitstream.trainer.export.OnnxGraph.stringsAttribute;

import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.onnx.proto.OnnxMl.AttributeProto;

/** How a DJL (PyTorch) recurrent cell is spelled as an ONNX operator. */
final class RecurrentCell {

    private final Class<? extends RecurrentBlock> djlLayer;
    private final String opType;
    private final int gates;
    private final AttributeProto cellAttribute;

    private RecurrentCell(Class<? extends RecurrentBlock> djlLayer, String opType, int gates,
            AttributeProto cellAttribute) {
        this.djlLayer = djlLayer;
        this.opType = opType;
        this.gates = gates;
        this.cellAttribute = cellAttribute;
    }

    static RecurrentCell simpleTanh() {
        return new RecurrentCell(RNN.class, "RNN", 1, stringsAttribute("activations", "Tanh"));
    }

    /**
     * PyTorch applies the reset gate to the recurrent product including its bias, which is ONNX's
     * {@code linear_before_reset=1}. The other setting is only for proving that the parity gate catches it.
     */
    static RecurrentCell gru(boolean linearBeforeReset) {
        return new RecurrentCell(GRU.class, "GRU", 3, intAttribute("linear_before_reset", linearBeforeReset ? 1 : 0));
    }

    /** The DJL block this cell translates; any other recurrent block would be exported wrongly. */
    Class<? extends RecurrentBlock> djlLayer() {
        return djlLayer;
    }

    String opType() {
        return opType;
    }

    int gates() {
        return gates;
    }

    AttributeProto[] attributes(long hidden) {
        return new AttributeProto[] {intAttribute("hidden_size", hidden), cellAttribute};
    }

    /**
     * Reorders the gate blocks of a weight or bias (equal blocks of rows) from PyTorch's GRU order
     * (reset, update, new) to ONNX's (update, reset, hidden). A simple RNN has one block and stays as it is.
     */
    float[] toOnnxGateOrder(float[] pytorchOrder) {
        if (gates == 1) {
            return pytorchOrder;
        }
        int block = pytorchOrder.length / gates;
        float[] onnxOrder = new float[pytorchOrder.length];
        System.arraycopy(pytorchOrder, block, onnxOrder, 0, block);
        System.arraycopy(pytorchOrder, 0, onnxOrder, block, block);
        System.arraycopy(pytorchOrder, 2 * block, onnxOrder, 2 * block, block);
        return onnxOrder;
    }
}
