package io.digitstream.trainer;

import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.SoftVote;
import io.digitstream.schemas.TensorSpec;
import io.digitstream.trainer.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestFilesTest {

    @TempDir
    Path dir;

    private void writeModelAndManifest() throws IOException {
        ManifestFiles.write(dir, new ModelManifest("run-1", Instant.parse("2026-01-01T00:00:00Z"),
                List.of(writeModel("mlp"))));
    }

    private ManifestEntry writeModel(String name) throws IOException {
        Path file = dir.resolve(name + ".onnx");
        Files.writeString(file, "pretend graph bytes of " + name, StandardCharsets.UTF_8);
        return new ManifestEntry(name, "run-1", name + ".onnx", Sha256.of(file),
                new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                new TensorSpec("logits", "float32", List.of(-1L, 10L)), 0.95, 0.94, 100, 200,
                Map.of("epochs", 2), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void writtenManifestReadsBackAndLeavesNoTemporaryFile() throws IOException {
        writeModelAndManifest();
        ModelManifest manifest = ManifestFiles.read(dir);
        assertEquals("run-1", manifest.runId());
        assertEquals(Sha256.of(dir.resolve("mlp.onnx")), manifest.model("mlp").orElseThrow().sha256());
        assertFalse(Files.exists(dir.resolve(ManifestFiles.FILE + ".tmp")));
    }

    @Test
    void intactModelsAreReusable() throws IOException {
        writeModelAndManifest();
        assertEquals(Optional.empty(), ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP)));
    }

    @Test
    void severalModelsWithoutFittedEnsembleWeightsAreNotReusable() throws IOException {
        List<ManifestEntry> entries = List.of(writeModel("mlp"), writeModel("cnn"));
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        List<Architecture> both = List.of(Architecture.MLP, Architecture.CNN);

        ManifestFiles.write(dir, new ModelManifest("run-1", created, entries));
        String reason = ManifestFiles.whyNotReusable(dir, both).orElseThrow();
        assertTrue(reason.contains("no fitted ensemble weights"), reason);

        ManifestFiles.write(dir, new ModelManifest("run-1", created, entries,
                new SoftVote(Map.of("mlp", 0.25, "cnn", 0.75), 0.03, 0.99)));
        assertEquals(Optional.empty(), ManifestFiles.whyNotReusable(dir, both));
    }

    @Test
    void aTamperedFileIsNotReusable() throws IOException {
        writeModelAndManifest();
        Files.writeString(dir.resolve("mlp.onnx"), "tampered", StandardCharsets.UTF_8);
        String reason = ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP)).orElseThrow();
        assertTrue(reason.contains("sha256"), reason);
    }

    @Test
    void aMissingFileOrModelOrManifestIsNotReusable() throws IOException {
        assertTrue(ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP)).orElseThrow().contains("no "));
        writeModelAndManifest();
        assertTrue(ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP, Architecture.CNN)).orElseThrow()
                .contains("cnn"));
        Files.delete(dir.resolve("mlp.onnx"));
        assertTrue(ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP)).orElseThrow().contains("missing"));
    }

    @Test
    void aCorruptManifestIsNotReusable() throws IOException {
        Files.writeString(dir.resolve(ManifestFiles.FILE), "{ not json", StandardCharsets.UTF_8);
        assertTrue(ManifestFiles.whyNotReusable(dir, List.of(Architecture.MLP)).orElseThrow()
                .contains("unreadable"));
    }

    @Test
    void retractRemovesTheManifest() throws IOException {
        writeModelAndManifest();
        ManifestFiles.retract(dir);
        assertFalse(Files.exists(dir.resolve(ManifestFiles.FILE)));
    }
}
