package io.digitstream.trainer;

import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.digitstream.trainer.FakeModelSets.LATER;
import static io.digitstream.trainer.FakeModelSets.writePointer;
import static io.digitstream.trainer.FakeModelSets.writeSet;
import static io.digitstream.trainer.FakeModelSets.writeVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's output as TrainingRun drives it, with a pretend model set in place of training. */
class RunOutputTest {

    @TempDir
    Path output;

    private final List<String> log = new ArrayList<>();

    /** What TrainingRun does around training: open, write the set (manifest last), activate and prune. */
    private RunOutput run(String runId, Activation activation, int keep) throws IOException {
        RunOutput out = RunOutput.open(output, OutputLayout.STORE, runId);
        assertFalse(Files.exists(out.modelDir().resolve(ModelStore.MANIFEST_FILE)), "a fresh directory");
        writeSet(out.modelDir(), runId);
        out.activate(activation, keep, LATER, log::add);
        return out;
    }

    @Test
    void theFirstRunIntoAStoreBecomesChampionInItsOwnVersionDirectory() throws IOException {
        RunOutput out = run("20260101-000000-quick", Activation.AUTO, 5);
        assertEquals(output.resolve("versions/20260101-000000-quick"), out.modelDir());
        assertEquals(Optional.of("20260101-000000-quick"), out.version());
        assertEquals(new ModelPointer("20260101-000000-quick", null, null, LATER), ModelStore.readPointer(output));
        assertFalse(Files.exists(output.resolve(ModelStore.MANIFEST_FILE)), "nothing flat at the store's root");
        assertTrue(log.get(0).contains("is now the champion"), log.toString());
    }

    @Test
    void laterRunsChallengeThenPromotedRunsKeepThePreviousChampion() throws IOException {
        run("20260101-000000-quick", Activation.AUTO, 5);
        run("20260102-000000-quick", Activation.AUTO, 5);
        assertEquals(new ModelPointer("20260101-000000-quick", "20260102-000000-quick", null, LATER),
                ModelStore.readPointer(output));
        assertTrue(log.get(2).contains("trainer models promote 20260102-000000-quick --store " + output),
                log.toString());
        run("20260103-000000-quick", Activation.CHAMPION, 5);
        assertEquals(new ModelPointer("20260103-000000-quick", "20260102-000000-quick", "20260101-000000-quick",
                LATER), ModelStore.readPointer(output));
    }

    @Test
    void aRunPrunesOldVersionsButNeverOneThePointerNamesNorItself() throws IOException {
        run("20260101-000000-quick", Activation.AUTO, 1);
        run("20260102-000000-quick", Activation.NONE, 1);
        run("20260103-000000-quick", Activation.NONE, 1);
        // 02 was neither named nor among the newest; 01 is the champion; 03 is the run itself.
        assertEquals(List.of("20260101-000000-quick", "20260103-000000-quick"), ModelStore.versions(output));
        run("20260104-000000-quick", Activation.NONE, 0);
        assertEquals(List.of("20260101-000000-quick", "20260104-000000-quick"), ModelStore.versions(output));
        assertTrue(log.stream().anyMatch(line -> line.contains("deleted 20260102-000000-quick")), log.toString());
    }

    @Test
    void aFailedRunLeavesNoVersionBehind() throws IOException {
        run("20260101-000000-quick", Activation.AUTO, 5);
        RunOutput failed = RunOutput.open(output, OutputLayout.STORE, "20260102-000000-quick");
        Files.writeString(failed.modelDir().resolve("mlp.onnx"), "half", StandardCharsets.UTF_8);
        failed.discard(log::add);
        assertFalse(Files.exists(failed.modelDir()));
        assertEquals(List.of("20260101-000000-quick"), ModelStore.versions(output));
        assertEquals("20260101-000000-quick", ModelStore.readPointer(output).champion());
    }

    @Test
    void theFlatLayoutWritesIntoTheDirectoryAndRetractsTheOldManifestFirst() throws IOException {
        writeSet(output, "old");
        RunOutput out = RunOutput.open(output, OutputLayout.FLAT, "new");
        assertEquals(output, out.modelDir());
        assertEquals(Optional.empty(), out.version());
        assertFalse(Files.exists(output.resolve(ModelStore.MANIFEST_FILE)), "retracted before any file is rewritten");
        writeSet(out.modelDir(), "new");
        assertEquals(List.of(), out.activate(Activation.AUTO, 0, LATER, log::add));
        assertFalse(Files.exists(output.resolve(ModelStore.POINTER_FILE)));
        assertFalse(Files.exists(output.resolve(ModelStore.VERSIONS_DIR)));
        assertEquals("new", ManifestFiles.read(output).runId());
    }

    @Test
    void aStoreRunIsRefusedOverAFlatSetBeforeAnythingIsWritten() throws IOException {
        writeSet(output, "flat");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunOutput.checkBeforeTraining(output, OutputLayout.STORE, Activation.AUTO));
        assertTrue(e.getMessage().contains("pass --layout flat") && e.getMessage().contains("another --output"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunOutput.open(output, OutputLayout.STORE, "v1"));
        assertFalse(Files.exists(output.resolve(ModelStore.VERSIONS_DIR)));
        assertEquals("flat", ManifestFiles.read(output).runId(), "the flat set is untouched");
    }

    @Test
    void aFlatRunIsRefusedIntoAStore() throws IOException {
        writeVersion(output, "v1");
        writePointer(output, "v1", null, null);
        assertThrows(IllegalArgumentException.class,
                () -> RunOutput.checkBeforeTraining(output, OutputLayout.FLAT, Activation.AUTO));
        assertThrows(IllegalArgumentException.class, () -> RunOutput.open(output, OutputLayout.FLAT, "v2"));
        assertFalse(Files.exists(output.resolve(ModelStore.MANIFEST_FILE)));
    }

    @Test
    void problemsWithThePointerShowBeforeTraining() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunOutput.checkBeforeTraining(output, OutputLayout.STORE, Activation.CHALLENGER));
        assertTrue(e.getMessage().contains("no champion to challenge"), e.getMessage());
        RunOutput.checkBeforeTraining(output, OutputLayout.STORE, Activation.AUTO);

        Files.writeString(output.resolve(ModelStore.POINTER_FILE), "{\"champion\": 3}", StandardCharsets.UTF_8);
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> RunOutput.checkBeforeTraining(output, OutputLayout.STORE, Activation.AUTO));
        assertTrue(malformed.getMessage().contains(ModelStore.POINTER_FILE), malformed.getMessage());
    }
}
