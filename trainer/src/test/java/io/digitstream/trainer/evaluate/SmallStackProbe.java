package io.digitstream.trainer.evaluate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Run in a child JVM by {@link OnnxRuntimeEnvironmentTest}: first ONNX Runtime use, then one inference. */
public final class SmallStackProbe {

    private SmallStackProbe() {
    }

    public static void main(String[] args) throws Exception {
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        try (OrtSession session = environment.createSession(args[0]);
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(new float[2 * 784]),
                     new long[] {2, 28, 28});
             OrtSession.Result result = session.run(Map.of("pixels", input))) {
            float[][] logits = (float[][]) result.get(0).getValue();
            System.out.println("logits " + logits.length + "x" + logits[0].length);
        }
    }
}
