package io.digitstream.inference.model;

import ai.onnx.proto.OnnxMl;
import io.digitstream.inference.MnistFixtures;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small but real ONNX models that honour the inference contract, for tests that must not wait for the trainer: a
 * nearest-centroid classifier over MNIST training images, written as the linear graph
 * {@code logits = reshape(pixels, [N, 784]) x W + b} with {@code W[:, c] = mu_c} and {@code b_c = -|mu_c|^2 / 2}
 * (the arg-max of that is the nearest class mean). Each model learns its centroids from a different slice of the
 * training images, so the ensemble members differ a little, as real ones do.
 */
public final class CentroidOnnxModels {

    private static final int PIXELS = 784;
    private static final int CLASSES = 10;

    private CentroidOnnxModels() {
    }

    /** Writes {@code names.size()} models and a valid manifest into {@code dir}. */
    public static ModelManifest write(Path dir, List<String> names, int imagesPerModel) throws IOException {
        return write(dir, names, imagesPerModel, true, Poison.NONE);
    }

    /** Inputs on which a model answers NaN logits, as a broken or numerically fragile model does. */
    public enum Poison {
        NONE,
        /** NaN when the first pixel is full ink (1.0): rare in real digits, easy to send on purpose. */
        FIRST_PIXEL_FULL_INK,
        /** NaN when the first pixel is blank (0.0): almost every digit, and any canary. */
        FIRST_PIXEL_BLANK
    }

    /** Like {@link #write(Path, List, int)}, but every model answers NaN on the inputs {@code poison} names. */
    public static ModelManifest writePoisoned(Path dir, List<String> names, int imagesPerModel, Poison poison)
            throws IOException {
        return write(dir, names, imagesPerModel, true, poison);
    }

    /**
     * @param contractInput {@code false} writes graphs that take flat {@code [N, 784]} pixels, which breaks the
     *                      contract's {@code [N, 28, 28]} input while the manifest still claims it
     */
    static ModelManifest write(Path dir, List<String> names, int imagesPerModel, boolean contractInput)
            throws IOException {
        return write(dir, names, imagesPerModel, contractInput, Poison.NONE);
    }

    private static ModelManifest write(Path dir, List<String> names, int imagesPerModel, boolean contractInput,
            Poison poison) throws IOException {
        Files.createDirectories(dir);
        MnistSplit train = MnistFixtures.trainSplit();
        Instant now = Instant.now();
        List<ManifestEntry> entries = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            String file = names.get(m) + ".onnx";
            Files.write(dir.resolve(file),
                    model(train, m * imagesPerModel, imagesPerModel, contractInput, poison).toByteArray());
            entries.add(new ManifestEntry(names.get(m), "centroid-1", file,
                    ModelManifestLoader.sha256(dir.resolve(file)),
                    new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                    new TensorSpec("logits", "float32", List.of(-1L, 10L)), 0.8, 0.8, PIXELS * CLASSES + CLASSES,
                    2L * PIXELS * CLASSES, Map.of("kind", "nearest-centroid", "images", imagesPerModel), now));
        }
        ModelManifest manifest = new ModelManifest("centroid-fixture", now, entries);
        EventJson.mapper().writeValue(dir.resolve(ModelManifestLoader.MANIFEST_FILE).toFile(), manifest);
        return manifest;
    }

    private static OnnxMl.ModelProto model(MnistSplit train, int from, int count, boolean contractInput,
            Poison poison) {
        double[][] means = new double[CLASSES][PIXELS];
        int[] counts = new int[CLASSES];
        for (int i = from; i < from + count; i++) {
            int label = train.labels().label(i);
            byte[] image = train.images().image(i);
            counts[label]++;
            for (int p = 0; p < PIXELS; p++) {
                means[label][p] += (image[p] & 0xFF) / 255.0;
            }
        }
        float[] weights = new float[PIXELS * CLASSES];
        float[] bias = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            double squaredNorm = 0;
            for (int p = 0; p < PIXELS; p++) {
                double mean = means[c][p] / Math.max(1, counts[c]);
                weights[p * CLASSES + c] = (float) mean;
                squaredNorm += mean * mean;
            }
            bias[c] = (float) (-squaredNorm / 2);
        }
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder()
                .setName("nearest-centroid")
                .addInput(contractInput ? floatValue("pixels", -1, 28, 28) : floatValue("pixels", -1, PIXELS))
                .addOutput(floatValue("logits", -1, CLASSES))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("flat_shape")
                        .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(2)
                        .addInt64Data(-1).addInt64Data(PIXELS))
                .addInitializer(floatTensor("weights", weights, PIXELS, CLASSES))
                .addInitializer(floatTensor("bias", bias, CLASSES))
                .addNode(node("Reshape", List.of("pixels", "flat_shape"), "flat"))
                .addNode(node("MatMul", List.of("flat", "weights"), "scores"));
        if (poison == Poison.NONE) {
            graph.addNode(node("Add", List.of("scores", "bias"), "logits"));
        } else {
            // logits = scores + bias + 0 * log(t), t = 1 - first pixel (full-ink poison) or the first pixel (blank
            // poison): zero where t > 0, and 0 * -inf = NaN where t = 0.
            graph.addInitializer(int64Tensor("first_start", 0)).addInitializer(int64Tensor("first_end", 1))
                    .addInitializer(int64Tensor("pixel_axis", 1))
                    .addInitializer(floatTensor("one", new float[] {1f}, 1))
                    .addInitializer(floatTensor("zero", new float[] {0f}, 1))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Slice").setName("first")
                            .addAllInput(List.of("flat", "first_start", "first_end", "pixel_axis")).addOutput("first"))
                    .addNode(poison == Poison.FIRST_PIXEL_FULL_INK
                            ? node("Sub", List.of("one", "first"), "guard")
                            : node("Identity", List.of("first"), "guard"))
                    .addNode(node("Log", List.of("guard"), "log_guard"))
                    .addNode(node("Mul", List.of("zero", "log_guard"), "nan_or_zero"))
                    .addNode(node("Add", List.of("scores", "bias"), "clean_logits"))
                    .addNode(node("Add", List.of("clean_logits", "nan_or_zero"), "logits"));
        }
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("digit-stream tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.TensorProto int64Tensor(String name, long value) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
                .addDims(1).addInt64Data(value).build();
    }

    private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output).build();
    }

    private static OnnxMl.TensorProto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(com.google.protobuf.ByteString.copyFrom(raw.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
