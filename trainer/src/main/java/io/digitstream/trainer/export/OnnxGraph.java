package io.digitstream.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnx.proto.OnnxMl.Version;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes one ONNX graph node by node: float32 tensors, initializers stored as little-endian raw bytes (the ONNX
 * rule, whatever the machine's order), and a symbolic batch dimension on the graph's input and output.
 */
final class OnnxGraph {

    static final int OPSET = 17;
    /** IR version 8 is the one that introduced opset 17. */
    static final long IR_VERSION = Version.IR_VERSION_2021_7_30_VALUE;
    static final String BATCH_DIM = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares a float32 graph input whose first dimension is the symbolic batch size. */
    String input(String name, long... nonBatchDims) {
        graph.addInput(floatValueInfo(name, nonBatchDims));
        return name;
    }

    void output(String name, long... nonBatchDims) {
        graph.addOutput(floatValueInfo(name, nonBatchDims));
    }

    String floats(String name, float[] values, long... dims) {
        long size = 1;
        for (long dim : dims) {
            size *= dim;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("initializer " + name + " has " + values.length
                    + " values but its shape " + Arrays.toString(dims) + " needs " + size);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(name, TensorProto.DataType.FLOAT, bytes, dims);
    }

    String floatScalar(String name, float value) {
        return floats(name, new float[] {value});
    }

    String longs(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(name, TensorProto.DataType.INT64, bytes, values.length);
    }

    /** Adds a single-output node and returns the name of its output. */
    String node(String opType, String[] inputs, AttributeProto... attributes) {
        String output = opType.toLowerCase(Locale.ROOT) + "_" + counter;
        nodeWithOutputs(opType, inputs, new String[] {output}, attributes);
        return output;
    }

    /** Adds a node whose outputs are named by the caller; an empty name skips an optional output. */
    void nodeWithOutputs(String opType, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + counter++);
        for (String input : inputs) {
            node.addInput(input);
        }
        for (String output : outputs) {
            node.addOutput(output);
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    String freshName(String prefix) {
        return prefix + "_" + counter++;
    }

    ModelProto model(String producer, String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(producer)
                .setDocString(docString)
                .setGraph(graph)
                .build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto stringsAttribute(String name, String... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String value : values) {
            attribute.addStrings(ByteString.copyFrom(value, StandardCharsets.UTF_8));
        }
        return attribute.build();
    }

    private String initializer(String name, TensorProto.DataType type, ByteBuffer littleEndianBytes, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(name)
                .setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(littleEndianBytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    private static ValueInfoProto floatValueInfo(String name, long... nonBatchDims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM));
        for (long dim : nonBatchDims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
