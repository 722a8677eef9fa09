package io.digitstream.trainer;

import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.digitstream.trainer.FakeModelSets.writePointer;
import static io.digitstream.trainer.FakeModelSets.writeSet;
import static io.digitstream.trainer.FakeModelSets.writeVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trainer models ...} through the real command line: exit codes, the line printed, the pointer written. */
class ModelsCommandTest {

    @TempDir
    Path store;

    private record Run(int exit, String out, String err) {
    }

    private Run trainer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = TrainerCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run models(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "models";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--store";
        full[args.length + 2] = store.toString();
        return trainer(full);
    }

    private ModelPointer pointer() throws IOException {
        return ModelStore.readPointer(store);
    }

    private static void assertFails(Run run, String expected) {
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().startsWith("trainer: error: ") && run.err().contains(expected), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
    }

    @Test
    void promoteChallengeDropAndRollback() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writeVersion(store, "v3");

        Run promote = models("promote", "v1");
        assertEquals(0, promote.exit(), promote.toString());
        assertEquals("trainer: v1 is now the champion in " + store + " (the store's first champion)",
                promote.out().strip());
        assertEquals("v1", pointer().champion());

        Run challenge = models("challenge", "v2");
        assertEquals(0, challenge.exit(), challenge.toString());
        assertTrue(challenge.out().contains("v2 is now the challenger beside champion v1"), challenge.out());
        assertEquals("v2", pointer().challenger());

        Run promoteChallenger = models("promote", "v2");
        assertEquals(0, promoteChallenger.exit());
        assertEquals(new ModelPointer("v2", null, "v1", pointer().updatedAt()), pointer());

        assertEquals(0, models("challenge", "v3").exit());
        Run drop = models("drop-challenger");
        assertEquals(0, drop.exit());
        assertTrue(drop.out().contains("challenger v3 dropped"), drop.out());
        assertNull(pointer().challenger());

        Run rollback = models("rollback");
        assertEquals(0, rollback.exit(), rollback.toString());
        assertTrue(rollback.out().contains("v1 is the champion again"), rollback.out());
        assertEquals(new ModelPointer("v1", null, "v2", pointer().updatedAt()), pointer());
    }

    @Test
    void listShowsRolesCreationProfileAndAccuracies() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writeVersion(store, "v3");
        writePointer(store, "v2", "v3", "v1");
        Run list = models("list");
        assertEquals(0, list.exit(), list.toString());
        List<String> lines = list.out().strip().lines().toList();
        assertEquals(4, lines.size(), list.out());
        assertEquals("trainer: 3 versions in " + store + " (champion v2, challenger v3, previous v1)", lines.get(0));
        assertTrue(lines.get(1).contains("v1") && lines.get(1).contains("previous"), lines.get(1));
        String champion = lines.get(2);
        for (String expected : List.of("v2", "champion", "created 2026-01-01T00:00:00Z", "profile quick",
                "ensemble 0.9700", "mlp 0.9100", "cnn 0.9600")) {
            assertTrue(champion.contains(expected), expected + " in " + champion);
        }
        assertTrue(lines.get(3).contains("challenger"), lines.get(3));
    }

    @Test
    void listWarnsWhenThePointerNamesAMissingVersion() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", "gone", null);
        Run list = models("list");
        assertEquals(0, list.exit());
        assertTrue(list.out().contains("warning: active.json names challenger gone"), list.out());
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        assertFails(models("promote", "v7"), "no version v7");
        assertFails(models("challenge", "v7"), "no version v7");
        assertEquals(new ModelPointer("v1", null, null, FakeModelSets.CREATED), pointer());
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        Path inner = store.resolve("inner");
        writeVersion(inner, "v1");
        writePointer(inner, "v1", null, null);
        writeSet(store.resolve("x"), "x");
        for (String hostile : List.of("../x", "../../x", "..", "v1/..")) {
            Run run = trainer("models", "promote", hostile, "--store", inner.toString());
            assertFails(run, "not a version name");
        }
        assertEquals("v1", ModelStore.readPointer(inner).champion());
    }

    @Test
    void aCorruptedVersionIsRefused() throws IOException {
        writeVersion(store, "v1");
        Path v2 = writeVersion(store, "v2");
        writePointer(store, "v1", null, null);
        Files.write(v2.resolve("mlp.onnx"), new byte[] {42}, StandardOpenOption.APPEND);
        assertFails(models("promote", "v2"), "sha256");
        assertFails(models("challenge", "v2"), "sha256");
        assertEquals(new ModelPointer("v1", null, null, FakeModelSets.CREATED), pointer());
    }

    @Test
    void rollbackWithoutPreviousAndChallengeOfTheChampionAreRefused() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        assertFails(models("rollback"), "no previous champion to roll back to");
        assertFails(models("challenge", "v1"), "a challenger must differ from the champion");
        assertEquals(new ModelPointer("v1", null, null, FakeModelSets.CREATED), pointer());
    }

    @Test
    void aMalformedPointerIsAnErrorNamingTheFile() throws IOException {
        writeVersion(store, "v1");
        Files.writeString(store.resolve(ModelStore.POINTER_FILE), "{\"schemaVersion\": 1, \"champion\": ",
                StandardCharsets.UTF_8);
        for (String[] command : List.of(new String[] {"list"}, new String[] {"promote", "v1"},
                new String[] {"rollback"}, new String[] {"prune", "--keep", "0"})) {
            assertFails(models(command), store.resolve(ModelStore.POINTER_FILE).toAbsolutePath().toString());
        }
        assertTrue(Files.exists(ModelStore.versionDir(store, "v1")));
    }

    @Test
    void pruneNeverDeletesAPointedToVersion() throws IOException {
        for (String version : List.of("v1", "v2", "v3", "v4")) {
            writeVersion(store, version);
        }
        writePointer(store, "v1", "v2", null);
        Run prune = models("prune", "--keep", "0");
        assertEquals(0, prune.exit(), prune.toString());
        assertEquals("trainer: deleted v3, v4 in " + store + " (--keep 0; 2 versions left)", prune.out().strip());
        assertEquals(List.of("v1", "v2"), ModelStore.versions(store));
        Run again = models("prune", "--keep", "0");
        assertTrue(again.out().contains("nothing to prune"), again.out());
    }

    @Test
    void aFlatDirectoryOrAMissingStoreIsNotAStore() {
        Path flat = store.resolve("flat");
        try {
            writeSet(flat, "flat");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertFails(trainer("models", "list", "--store", flat.toString()), "flat model set");
        assertFails(trainer("models", "promote", "v1", "--store", store.resolve("nope").toString()),
                "no model store");
        assertFalse(Files.exists(store.resolve("nope")));
    }

    @Test
    void modelsWithoutSubcommandIsAUsageError() {
        Run run = trainer("models");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("missing command"), run.err());
    }

    @Test
    void aStoreRunOverAFlatSetAdoptsItAsTheChampionAndReusesIt() throws IOException {
        Path flat = store.resolve("flat");
        writeSet(flat, "flat-run");
        Path empty = store.resolve("no-mnist");
        Files.createDirectories(empty);
        Run run = trainer("--profile", "quick", "--models", "mlp,cnn", "--reuse-if-valid",
                "--output", flat.toString(), "--data-dir", empty.toString(), "--cache-dir", empty.toString(),
                "--reports", store.resolve("reports").toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals("flat-run", ModelStore.readPointer(flat).champion());
        assertTrue(Files.isRegularFile(ModelStore.versionDir(flat, "flat-run").resolve(ModelStore.MANIFEST_FILE)));
        assertFalse(Files.exists(flat.resolve(ModelStore.MANIFEST_FILE)), "the flat manifest moved into the version");
        assertFalse(Files.exists(store.resolve("reports")), "nothing was trained");
    }

    @Test
    void models_adoptTurnsAFlatSetIntoAStoreAndSaysSoWhenThereIsNone() throws IOException {
        writeSet(store, "legacy");
        Run adopt = models("adopt");
        assertEquals(0, adopt.exit(), adopt.toString());
        assertTrue(adopt.out().contains("adopted"), adopt.out());
        assertEquals("legacy", pointer().champion());
        Run again = models("adopt");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("nothing to adopt"), again.out());
    }
}
