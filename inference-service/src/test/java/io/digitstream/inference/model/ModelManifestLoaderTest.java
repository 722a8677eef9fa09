package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestLoaderTest {

    @TempDir
    Path modelDir;

    @Test
    void manifestWhoseChecksumsMatchIsLoaded() throws Exception {
        byte[] model = "pretend ONNX bytes".getBytes();
        Files.write(modelDir.resolve("mlp.onnx"), model);
        writeManifest(ModelManifestLoader.sha256(modelDir.resolve("mlp.onnx")));

        ModelManifest manifest = ModelManifestLoader.load(modelDir);

        assertEquals("mlp", manifest.models().get(0).name());
    }

    @Test
    void checksumIsTheStandardSha256() throws Exception {
        Files.writeString(modelDir.resolve("abc.onnx"), "abc");

        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ModelManifestLoader.sha256(modelDir.resolve("abc.onnx")));
    }

    @Test
    void tamperedModelFileIsRefusedNamingBothChecksums() throws Exception {
        Files.writeString(modelDir.resolve("mlp.onnx"), "the bytes the trainer wrote");
        String trained = ModelManifestLoader.sha256(modelDir.resolve("mlp.onnx"));
        writeManifest(trained);
        Files.writeString(modelDir.resolve("mlp.onnx"), "bytes swapped in afterwards");

        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelManifestLoader.load(modelDir));

        assertTrue(e.getMessage().contains("'mlp' refused"), e.getMessage());
        assertTrue(e.getMessage().contains(trained), e.getMessage());
        assertTrue(e.getMessage().contains(ModelManifestLoader.sha256(modelDir.resolve("mlp.onnx"))), e.getMessage());
    }

    @Test
    void missingModelFileIsRefused() throws Exception {
        writeManifest("0".repeat(64));

        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelManifestLoader.load(modelDir));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void ensembleWeightsForModelsTheManifestDoesNotListAreRefused() throws Exception {
        Files.writeString(modelDir.resolve("mlp.onnx"), "pretend ONNX bytes");
        writeManifest(ModelManifestLoader.sha256(modelDir.resolve("mlp.onnx")));
        Path file = modelDir.resolve("manifest.json");
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(file.toFile());
        ObjectNode ensemble = json.putObject("ensemble");
        ensemble.putObject("weights").put("cnn", 1.0);
        ensemble.put("validationLogLoss", 0.02);
        ensemble.put("testAccuracy", 0.99);
        EventJson.mapper().writeValue(file.toFile(), json);

        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelManifestLoader.load(modelDir));

        assertTrue(e.getMessage().contains("ensemble weights must name exactly the listed models"), e.getMessage());
    }

    @Test
    void missingManifestNamesTheSetting() {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelManifestLoader.load(modelDir));

        assertTrue(e.getMessage().contains("digitstream.models.dir"), e.getMessage());
    }

    private void writeManifest(String sha256) throws Exception {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        ManifestEntry entry = new ManifestEntry("mlp", "1", "mlp.onnx", sha256,
                new TensorSpec("pixels", "float32", List.of(-1L, 28L, 28L)),
                new TensorSpec("logits", "float32", List.of(-1L, 10L)), 0.97, 0.97, 100, 200, Map.of("epochs", 1),
                created);
        EventJson.mapper().writeValue(modelDir.resolve("manifest.json").toFile(),
                new ModelManifest("run-1", created, new java.util.ArrayList<>(List.of(entry))));
    }
}
