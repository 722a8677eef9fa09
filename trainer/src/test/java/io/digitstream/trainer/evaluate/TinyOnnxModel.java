package io.digitstream.trainer.evaluate;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXUtils;

/**
 * A real, minimal digit model in the trainer's ONNX contract: {@code pixels} float32 [N,28,28] → Flatten → Gemm
 * (random weights, {@code transB=1}) → {@code logits} float32 [N,10]. Small enough to build in a test, real enough
 * for ONNX Runtime to load and run.
 */
final class TinyOnnxModel {

    private static final int PIXELS = 28 * 28;
    private static final int CLASSES = 10;

    private TinyOnnxModel() {
    }

    static Path write(Path file) throws IOException {
        ONNXContext context = new ONNXContext();
        Random random = new Random(7);
        OnnxMl.TensorProto weights = ONNXUtils.floatTensorBuilder(context, "weights", List.of(CLASSES, PIXELS),
                buffer -> {
                    for (int i = 0; i < CLASSES * PIXELS; i++) {
                        buffer.put((float) (random.nextGaussian() * 0.05));
                    }
                });
        OnnxMl.TensorProto bias = ONNXUtils.floatTensorBuilder(context, "bias", List.of(CLASSES),
                buffer -> {
                    for (int i = 0; i < CLASSES; i++) {
                        buffer.put(0.1f * i);
                    }
                });
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("tiny-digits")
                .addInput(floatValue("pixels", -1, 28, 28))
                .addOutput(floatValue("logits", -1, CLASSES))
                .addInitializer(weights)
                .addInitializer(bias)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").setName("flatten")
                        .addInput("pixels").addOutput("flat")
                        .addAttribute(intAttribute("axis", 1)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("dense")
                        .addInput("flat").addInput(weights.getName()).addInput(bias.getName()).addOutput("logits")
                        .addAttribute(intAttribute("transB", 1)))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setProducerName("digit-stream-test")
                .setGraph(graph)
                .build();
        Files.write(file, model.toByteArray());
        return file;
    }

    /** A float tensor description; -1 marks the dynamic batch dimension. */
    private static OnnxMl.ValueInfoProto floatValue(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }
}
