package io.digitstream.trainer;

import io.digitstream.schemas.ModelStore;
import io.digitstream.trainer.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.digitstream.trainer.FakeModelSets.writePointer;
import static io.digitstream.trainer.FakeModelSets.writeSet;
import static io.digitstream.trainer.FakeModelSets.writeVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --reuse-if-valid}'s decision for each layout (the skip itself is exercised by QuickProfileIT). */
class ReuseIfValidTest {

    @TempDir
    Path output;

    private RunSettings settings(OutputLayout layout, Architecture... models) {
        return new RunSettings(TrainingProfile.load("quick"), List.of(models), 42, false, Optional.empty(),
                Optional.empty(), 1, output, output.resolve("reports"), layout, Activation.AUTO, 5);
    }

    @Test
    void aStoreIsReusableWhenItsChampionIsIntactAndListsTheModels() throws IOException {
        assertTrue(TrainerCli.whyNotReusable(settings(OutputLayout.STORE, Architecture.MLP)).orElseThrow()
                .contains("no active.json"));
        writeVersion(output, "v1");
        Path v2 = writeVersion(output, "v2");
        writePointer(output, "v1", "v2", null);
        Files.writeString(v2.resolve("mlp.onnx"), "a broken challenger does not matter", StandardCharsets.UTF_8);
        assertEquals(Optional.empty(),
                TrainerCli.whyNotReusable(settings(OutputLayout.STORE, Architecture.MLP, Architecture.CNN)));
        assertTrue(TrainerCli.whyNotReusable(settings(OutputLayout.STORE, Architecture.GRU)).orElseThrow()
                .contains("champion v1: manifest.json does not list model gru"));

        Files.writeString(ModelStore.versionDir(output, "v1").resolve("cnn.onnx"), "tampered", StandardCharsets.UTF_8);
        assertTrue(TrainerCli.whyNotReusable(settings(OutputLayout.STORE, Architecture.MLP)).orElseThrow()
                .contains("sha256"));
    }

    @Test
    void aFlatDirectoryIsReusableAsBefore() throws IOException {
        assertTrue(TrainerCli.whyNotReusable(settings(OutputLayout.FLAT, Architecture.MLP)).isPresent());
        writeSet(output, "flat");
        assertEquals(Optional.empty(), TrainerCli.whyNotReusable(settings(OutputLayout.FLAT, Architecture.MLP)));
    }
}
