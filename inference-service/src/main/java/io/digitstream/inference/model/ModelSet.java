package io.digitstream.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.SmokeTestImage;
import io.digitstream.schemas.SoftVote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every model of a verified manifest, each with its long-lived ONNX Runtime session, in manifest order. Verified means:
 * the manifest matches its schema, every file its sha256, every graph the ONNX contract, and every model answers the
 * manifest's smoke-test digits as the trainer measured.
 */
public final class ModelSet implements AutoCloseable {

    private final ModelManifest manifest;
    private final Path directory;
    private final List<OnnxModel> models;

    private ModelSet(ModelManifest manifest, Path directory, List<OnnxModel> models) {
        this.manifest = manifest;
        this.directory = directory;
        this.models = List.copyOf(models);
    }

    /**
     * @throws ModelIntegrityException when the manifest, a checksum or a graph does not match the contract, or a model
     *                                 answers a smoke-test digit differently from the trainer
     */
    public static ModelSet load(Path directory, OnnxThreads threads) {
        ModelManifest manifest = ModelManifestLoader.load(directory);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<OnnxModel> models = new ArrayList<>();
        try (OrtSession.SessionOptions options = sessionOptions(threads)) {
            for (ManifestEntry entry : manifest.models()) {
                models.add(new OnnxModel(environment, entry, directory.resolve(entry.file()), options));
            }
        } catch (RuntimeException e) {
            models.forEach(OnnxModel::close);
            throw e;
        }
        ModelSet set = new ModelSet(manifest, directory, models);
        try {
            set.runSmokeTest();
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    /**
     * Runs the manifest's smoke-test digits through every model in one batch: a set that ONNX Runtime here answers
     * differently from the trainer (another runtime, a wrong opset, a graph from another run) never serves.
     */
    private void runSmokeTest() {
        List<SmokeTestImage> images = manifest.smokeTest();
        if (images == null) {
            return;
        }
        float[] batch = new float[images.size() * ModelContract.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).modelInput(), 0, batch, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        for (OnnxModel model : models) {
            float[][] logits;
            try {
                logits = model.logits(batch, images.size());
            } catch (OrtException e) {
                throw new ModelIntegrityException("model '" + model.name() + "' of set " + version()
                        + " failed its smoke test: ONNX Runtime error " + e.getMessage(), e);
            }
            for (int i = 0; i < images.size(); i++) {
                int answered = SoftVote.argmax(logits[i]);
                int expected = images.get(i).expected().get(model.name());
                if (answered != expected) {
                    throw new ModelIntegrityException("model '" + model.name() + "' of set " + version()
                            + " failed its smoke test: it answers " + answered + " for smoke-test image " + i
                            + " (a " + images.get(i).label() + "), the trainer measured " + expected);
                }
            }
        }
    }


    private static OrtSession.SessionOptions sessionOptions(OnnxThreads threads) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads.intraOp());
            options.setInterOpNumThreads(threads.interOp());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("ONNX Runtime rejected the session options " + threads, e);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The set's version: its manifest's run id. */
    public String version() {
        return manifest.runId();
    }

    public Path directory() {
        return directory;
    }

    public List<OnnxModel> models() {
        return models;
    }

    @Override
    public void close() {
        models.forEach(OnnxModel::close);
    }
}
