package io.digitstream.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelContract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One manifest model on ONNX Runtime. The session is created once and reused for every batch; a batch is one
 * {@code run} call on a direct buffer, which ORT reads without copying.
 */
public final class OnnxModel implements AutoCloseable {

    private final ManifestEntry entry;
    private final OrtEnvironment environment;
    private final OrtSession session;

    OnnxModel(OrtEnvironment environment, ManifestEntry entry, Path file, OrtSession.SessionOptions options) {
        this.entry = entry;
        this.environment = environment;
        try {
            this.session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelIntegrityException("model '" + entry.name() + "': ONNX Runtime cannot load " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            checkContract();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String name() {
        return entry.name();
    }

    public String version() {
        return entry.version();
    }

    /**
     * Logits for {@code count} images laid out one after another (784 floats each, ink = 1) in one ORT call.
     *
     * @return {@code [count][10]} logits
     */
    public float[][] logits(float[] images, int count) throws OrtException {
        FloatBuffer input = ByteBuffer.allocateDirect(count * ModelContract.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        input.put(images, 0, count * ModelContract.PIXELS).rewind();
        long[] shape = {count, ModelContract.SIDE, ModelContract.SIDE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
                OrtSession.Result result = session.run(Map.of(entry.input().name(), tensor))) {
            OnnxValue logits = result.get(entry.output().name()).orElseThrow(() -> new IllegalStateException(
                    "model '" + name() + "' returned no output named '" + entry.output().name() + "'"));
            return (float[][]) logits.getValue();
        }
    }

    /** The ONNX contract: float32 pixels [N,28,28] in, float32 logits [N,10] out, names as in the manifest. */
    private void checkContract() {
        try {
            expectFloatTensor(session.getInputInfo(), entry.input().name(), "input",
                    new long[] {-1, ModelContract.SIDE, ModelContract.SIDE});
            expectFloatTensor(session.getOutputInfo(), entry.output().name(), "output", new long[] {-1, ModelContract.CLASSES});
        } catch (OrtException e) {
            throw new ModelIntegrityException("model '" + name() + "': cannot inspect its graph: " + e.getMessage(), e);
        }
    }

    private void expectFloatTensor(Map<String, NodeInfo> nodes, String tensorName, String role, long[] shape) {
        NodeInfo node = nodes.get(tensorName);
        if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelIntegrityException("model '" + name() + "': the graph has no " + role + " tensor named '"
                    + tensorName + "' (it has " + nodes.keySet() + ")");
        }
        long[] actual = info.getShape();
        boolean shapeMatches = actual.length == shape.length;
        for (int i = 1; shapeMatches && i < shape.length; i++) {
            shapeMatches = actual[i] == shape[i];
        }
        if (info.type != OnnxJavaType.FLOAT || !shapeMatches) {
            throw new ModelIntegrityException("model '" + name() + "': " + role + " '" + tensorName + "' is "
                    + info.type + Arrays.toString(actual) + " but the contract needs FLOAT" + Arrays.toString(shape));
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session of model '" + name() + "'", e);
        }
    }
}
