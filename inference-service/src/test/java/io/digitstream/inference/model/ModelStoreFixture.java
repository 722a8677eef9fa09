package io.digitstream.inference.model;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.SmokeTestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model stores for tests, written as the trainer writes them: versions of small real ONNX models
 * ({@link CentroidOnnxModels}), each with a smoke test of the models' own answers, and the pointer.
 */
public final class ModelStoreFixture {

    /** How a version's smoke test relates to what its models answer. */
    public enum Smoke {
        /** The models' own answers, as a trainer records them. */
        TRUE,
        /** Every expected digit off by one: a set that answers differently from what its trainer measured. */
        WRONG,
        /** No smoke test, as in manifests written before smoke tests existed. */
        NONE
    }

    public static final List<String> NAMES = List.of("mlp", "cnn");
    private static final int SMOKE_IMAGES = 5;

    private ModelStoreFixture() {
    }

    /** Writes {@code versions/<version>/} with models learnt from a slice of MNIST that depends on {@code seed}. */
    public static Path writeVersion(Path store, String version, int seed, Smoke smoke) throws IOException {
        return writeVersion(store, version, seed, smoke, true);
    }

    /** @param contractInput false writes graphs with a flat input while the manifest claims the contract's */
    public static Path writeVersion(Path store, String version, int seed, Smoke smoke, boolean contractInput)
            throws IOException {
        Path dir = ModelStore.versionDir(store, version);
        Files.createDirectories(dir);
        ModelManifest written = CentroidOnnxModels.write(dir, NAMES, 300 + 50 * seed, contractInput);
        List<ManifestEntry> entries = written.models().stream().map(entry -> new ManifestEntry(entry.name(), version,
                entry.file(), entry.sha256(), entry.input(), entry.output(), entry.testAccuracy(), entry.macroF1(),
                entry.params(), entry.flops(), entry.training(), entry.createdAt())).toList();
        List<SmokeTestImage> smokeTest = smoke == Smoke.NONE || !contractInput ? null : smokeTest(dir, smoke);
        ModelManifest manifest = new ModelManifest(version, Instant.now(), entries, null, smokeTest);
        EventJson.mapper().writeValue(dir.resolve(ModelStore.MANIFEST_FILE).toFile(), manifest);
        return dir;
    }

    /** The models' own answers on a few MNIST test digits (or each off by one). */
    private static List<SmokeTestImage> smokeTest(Path dir, Smoke smoke) {
        MnistSplit test = MnistFixtures.testSplit();
        float[] batch = new float[SMOKE_IMAGES * ModelContract.PIXELS];
        List<String> encoded = new ArrayList<>();
        for (int i = 0; i < SMOKE_IMAGES; i++) {
            byte[] image = test.images().image(i);
            float[] input = new float[ModelContract.PIXELS];
            for (int p = 0; p < input.length; p++) {
                input[p] = (image[p] & 0xff) / 255f;
            }
            System.arraycopy(input, 0, batch, i * ModelContract.PIXELS, ModelContract.PIXELS);
            encoded.add(SmokeTestImage.encode(input));
        }
        List<Map<String, Integer>> expected = new ArrayList<>();
        for (int i = 0; i < SMOKE_IMAGES; i++) {
            expected.add(new LinkedHashMap<>());
        }
        // Answers of the graphs just written, read without the manifest's own (absent) smoke test.
        try (ModelSet set = ModelSet.load(dir, new OnnxThreads(1, 1))) {
            for (OnnxModel model : set.models()) {
                float[][] logits = model.logits(batch, SMOKE_IMAGES);
                for (int i = 0; i < SMOKE_IMAGES; i++) {
                    int answer = io.digitstream.schemas.SoftVote.argmax(logits[i]);
                    expected.get(i).put(model.name(), smoke == Smoke.WRONG ? (answer + 1) % 10 : answer);
                }
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
        List<SmokeTestImage> images = new ArrayList<>();
        for (int i = 0; i < SMOKE_IMAGES; i++) {
            images.add(new SmokeTestImage(test.labels().label(i), encoded.get(i), expected.get(i)));
        }
        return images;
    }

    public static void point(Path store, String champion, String challenger) throws IOException {
        ModelStore.writePointer(store, new ModelPointer(champion, challenger, null, Instant.now()));
    }

}
