package io.digitstream.trainer;

import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.SoftVote;
import io.digitstream.schemas.TensorSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Model sets made of tiny pretend ONNX files with true SHA-256 values and a real manifest, for store tests. */
final class FakeModelSets {

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant LATER = Instant.parse("2026-01-02T00:00:00Z");

    private FakeModelSets() {
    }

    /** Writes a set with MLP and CNN (fitted weights, ensemble accuracy 0.97) into {@code dir}. */
    static ModelManifest writeSet(Path dir, String runId) throws IOException {
        Files.createDirectories(dir);
        List<ManifestEntry> entries = new ArrayList<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        double accuracy = 0.91;
        for (String name : List.of("mlp", "cnn")) {
            Path file = dir.resolve(name + ".onnx");
            Files.writeString(file, "pretend graph of " + name + " in " + runId, StandardCharsets.UTF_8);
            entries.add(new ManifestEntry(name, runId, name + ".onnx", Sha256.of(file),
                    new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                    new TensorSpec("logits", "float32", List.of(-1L, 10L)), accuracy, accuracy - 0.01, 100, 200,
                    Map.of("profile", "quick", "epochs", 2), CREATED));
            weights.put(name, 0.5);
            accuracy += 0.05;
        }
        ModelManifest manifest = new ModelManifest(runId, CREATED, entries, new SoftVote(weights, 0.05, 0.97));
        ManifestFiles.write(dir, manifest);
        return manifest;
    }

    /** Writes a set as {@code versions/<version>/} of {@code store}. */
    static Path writeVersion(Path store, String version) throws IOException {
        Path dir = ModelStore.versionDir(store, version);
        writeSet(dir, version);
        return dir;
    }

    static void writePointer(Path store, String champion, String challenger, String previous) throws IOException {
        ModelStore.writePointer(store, new ModelPointer(champion, challenger, previous, CREATED));
    }
}
