package io.digitstream.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.SoftVote;
import io.digitstream.trainer.evaluate.OnnxRuntimeEnvironment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported file in ONNX Runtime and compares its logits with the training engine's on the same images. The
 * export ships only if every logit is within {@value #MAX_ABS_LOGIT_DELTA} and every argmax agrees.
 */
public final class ParityGate {

    public static final double MAX_ABS_LOGIT_DELTA = 1e-4;
    static final int BATCH = 1000;
    private static final int PIXELS = ModelContract.PIXELS;
    private static final int CLASSES = ModelContract.CLASSES;

    private ParityGate() {
    }

    /**
     * @param pixels       N*784 values in [0,1], row-major, one image after another
     * @param engineLogits N x 10 logits the training engine produced for the same images
     * @throws ParityException if the file does not reproduce the engine
     */
    public static ParityReport verify(Path onnxFile, float[] pixels, float[][] engineLogits) throws ParityException {
        int images = engineLogits.length;
        if (images == 0 || pixels.length != images * PIXELS) {
            throw new IllegalArgumentException("parity check needs N*" + PIXELS + " pixels for N>0 engine outputs, got "
                    + pixels.length + " pixels for " + images + " outputs");
        }
        float[][] onnxLogits = run(onnxFile, pixels, images);
        ParityReport report = compare(onnxLogits, engineLogits);
        if (!(report.maxAbsLogitDelta() <= MAX_ABS_LOGIT_DELTA) || report.argmaxAgreement() < 1.0) {
            throw new ParityException(String.format(
                    "ONNX export %s does not reproduce the training engine on %d images: max |logit delta| %.3g "
                            + "(limit %.0e), argmax agreement %.2f %% (required 100 %%)",
                    onnxFile, images, report.maxAbsLogitDelta(), MAX_ABS_LOGIT_DELTA,
                    100 * report.argmaxAgreement()), report);
        }
        return report;
    }

    /** The ONNX file's logits for {@code images} model inputs laid out one after another, in batches of 1000. */
    public static float[][] run(Path onnxFile, float[] pixels, int images) {
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        float[][] logits = new float[images][];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = environment.createSession(onnxFile.toString(), options)) {
            FloatBuffer batch = ByteBuffer.allocateDirect(Math.min(BATCH, images) * PIXELS * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            for (int start = 0; start < images; start += BATCH) {
                int count = Math.min(BATCH, images - start);
                batch.clear();
                batch.put(pixels, start * PIXELS, count * PIXELS).flip();
                long[] shape = {count, ModelContract.SIDE, ModelContract.SIDE};
                try (OnnxTensor input = OnnxTensor.createTensor(environment, batch, shape);
                        OrtSession.Result result = session.run(Map.of(ModelContract.INPUT_NAME, input))) {
                    FloatBuffer output = ((OnnxTensor) result.get(ModelContract.OUTPUT_NAME).orElseThrow())
                            .getFloatBuffer();
                    for (int i = 0; i < count; i++) {
                        logits[start + i] = new float[CLASSES];
                        output.get(logits[start + i]);
                    }
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run " + onnxFile + ": " + e.getMessage(), e);
        }
        return logits;
    }

    static ParityReport compare(float[][] onnxLogits, float[][] engineLogits) {
        double maxDelta = 0;
        int agreeing = 0;
        for (int i = 0; i < engineLogits.length; i++) {
            if (engineLogits[i].length != CLASSES) {
                throw new IllegalArgumentException(
                        "engine output " + i + " has " + engineLogits[i].length + " logits, expected " + CLASSES);
            }
            for (int c = 0; c < CLASSES; c++) {
                double delta = Math.abs((double) onnxLogits[i][c] - engineLogits[i][c]);
                // A NaN logit must fail the gate: once maxDelta is NaN, no comparison replaces it.
                if (Double.isNaN(delta) || delta > maxDelta) {
                    maxDelta = delta;
                }
            }
            if (SoftVote.argmax(onnxLogits[i]) == SoftVote.argmax(engineLogits[i])) {
                agreeing++;
            }
        }
        return new ParityReport(engineLogits.length, maxDelta, (double) agreeing / engineLogits.length);
    }

}
