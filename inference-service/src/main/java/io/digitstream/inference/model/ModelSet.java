package io.digitstream.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every model of a verified manifest, each with its long-lived ONNX Runtime session, in manifest order. */
public final class ModelSet implements AutoCloseable {

    private final ModelManifest manifest;
    private final List<OnnxModel> models;

    private ModelSet(ModelManifest manifest, List<OnnxModel> models) {
        this.manifest = manifest;
        this.models = List.copyOf(models);
    }

    /** @throws ModelIntegrityException when the manifest, a checksum or a graph does not match the contract */
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
        return new ModelSet(manifest, models);
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

    public List<OnnxModel> models() {
        return models;
    }

    @Override
    public void close() {
        models.forEach(OnnxModel::close);
    }
}
