package io.digitstream.trainer;

import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import static io.digitstream.trainer.FakeModelSets.LATER;
import static io.digitstream.trainer.FakeModelSets.writePointer;
import static io.digitstream.trainer.FakeModelSets.writeSet;
import static io.digitstream.trainer.FakeModelSets.writeVersion;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoresTest {

    @TempDir
    Path store;

    private ModelPointer pointer() throws IOException {
        return ModelStore.readPointer(store);
    }

    private byte[] pointerBytes() throws IOException {
        return Files.readAllBytes(store.resolve(ModelStore.POINTER_FILE));
    }

    @Test
    void promotingIntoAStoreWithoutPointerMakesTheFirstChampion() throws IOException {
        writeVersion(store, "v1");
        ModelStores.Change change = ModelStores.promote(store, "v1", LATER);
        assertNull(change.before());
        assertEquals(new ModelPointer("v1", null, null, LATER), pointer());
        assertTrue(change.summary().contains("v1 is now the champion"), change.summary());
        assertFalse(Files.exists(store.resolve(ModelStore.POINTER_FILE + ".tmp")));
    }

    @Test
    void promotionKeepsTheOldChampionAsPreviousAndClearsAChallengerItPromotes() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writePointer(store, "v1", "v2", null);
        ModelStores.promote(store, "v2", LATER);
        assertEquals(new ModelPointer("v2", null, "v1", LATER), pointer());
    }

    @Test
    void promotingTheChampionChangesNothing() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        byte[] before = pointerBytes();
        ModelStores.Change change = ModelStores.promote(store, "v1", LATER);
        assertFalse(change.changed());
        assertArrayEquals(before, pointerBytes());
    }

    @Test
    void anUnknownVersionIsRefusedAndThePointerKept() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        byte[] before = pointerBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.promote(store, "v9", LATER));
        assertTrue(e.getMessage().contains("no version v9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelStores.challenge(store, "v9", LATER));
        assertTrue(e.getMessage().contains("no version v9"), e.getMessage());
        assertArrayEquals(before, pointerBytes());
    }

    @Test
    void pathTraversalNamesAreRefusedEvenWhenTheTargetHoldsAValidSet() throws IOException {
        Path store = this.store.resolve("store");
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        // A valid set just outside versions/: "../x" and friends must not reach it.
        writeSet(store.resolve("x"), "x");
        writeSet(this.store.resolve("outside"), "outside");
        byte[] before = Files.readAllBytes(store.resolve(ModelStore.POINTER_FILE));
        for (String hostile : List.of("../x", "..", ".", "../../outside", "a/b", "/etc", "v1/../../x", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelStores.promote(store, hostile, LATER), hostile);
            assertTrue(e.getMessage().contains("not a version name"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ModelStores.challenge(store, hostile, LATER), hostile);
            assertThrows(IllegalArgumentException.class, () -> ModelStores.deleteVersion(store, hostile), hostile);
        }
        assertArrayEquals(before, Files.readAllBytes(store.resolve(ModelStore.POINTER_FILE)));
        assertTrue(Files.exists(store.resolve("x").resolve(ModelStore.MANIFEST_FILE)));
        assertTrue(Files.exists(this.store.resolve("outside").resolve(ModelStore.MANIFEST_FILE)));
    }

    @Test
    void aFlatSetIsAdoptedAsTheFirstChampionAndItsFlatFilesGo() throws IOException {
        ModelManifest flat = writeSet(store, "20261129-220235-quick");
        ModelStores.Change change = ModelStores.adoptFlatSet(store, LATER).orElseThrow();

        assertEquals(new ModelPointer("20261129-220235-quick", null, null, LATER), pointer());
        assertTrue(change.summary().contains("adopted"), change.summary());
        Path version = ModelStore.versionDir(store, "20261129-220235-quick");
        assertEquals(flat, ManifestFiles.read(version));
        assertEquals(java.util.Optional.empty(), ManifestFiles.whyNotIntact(version));
        assertFalse(Files.exists(store.resolve(ModelStore.MANIFEST_FILE)), "the flat manifest is gone");
        for (var entry : flat.models()) {
            assertFalse(Files.exists(store.resolve(entry.file())), "the flat file " + entry.file() + " is gone");
        }
        assertTrue(ModelStores.adoptFlatSet(store, LATER).isEmpty(), "a store adopts nothing");
    }

    @Test
    void aTamperedFlatSetIsNotAdoptedAndStaysAsItWas() throws IOException {
        ModelManifest flat = writeSet(store, "run-1");
        Files.write(store.resolve(flat.models().get(0).file()), new byte[] {0}, StandardOpenOption.APPEND);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelStores.adoptFlatSet(store, LATER));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(Files.exists(store.resolve(ModelStore.POINTER_FILE)));
        assertTrue(Files.exists(store.resolve(ModelStore.MANIFEST_FILE)));
    }

    @Test
    void aVersionWhoseOnnxFileWasCorruptedIsRefused() throws IOException {
        writeVersion(store, "v1");
        Path v2 = writeVersion(store, "v2");
        writePointer(store, "v1", null, null);
        Files.write(v2.resolve("cnn.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
        byte[] before = pointerBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.promote(store, "v2", LATER));
        assertTrue(e.getMessage().contains("cnn") && e.getMessage().contains("sha256"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelStores.challenge(store, "v2", LATER));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertArrayEquals(before, pointerBytes());
    }

    @Test
    void aVersionWithAMissingFileOrBrokenManifestIsRefused() throws IOException {
        Path v1 = writeVersion(store, "v1");
        Files.delete(v1.resolve("mlp.onnx"));
        assertTrue(ModelStores.whyNotServable(store, "v1").orElseThrow().contains("missing"));
        Path v2 = writeVersion(store, "v2");
        Files.writeString(v2.resolve(ModelStore.MANIFEST_FILE), "{ broken", StandardCharsets.UTF_8);
        assertTrue(ModelStores.whyNotServable(store, "v2").orElseThrow().contains("unreadable"));
        Files.createDirectories(ModelStore.versionDir(store, "v3"));
        assertTrue(ModelStores.whyNotServable(store, "v3").orElseThrow().contains("no manifest.json"));
        assertThrows(IllegalArgumentException.class, () -> ModelStores.promote(store, "v1", LATER));
        assertFalse(Files.exists(store.resolve(ModelStore.POINTER_FILE)), "nothing was pointed at");
    }

    @Test
    void challengeSetsOrReplacesTheChallengerButNeverTheChampion() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writeVersion(store, "v3");
        writePointer(store, "v1", null, null);
        ModelStores.challenge(store, "v2", LATER);
        assertEquals(new ModelPointer("v1", "v2", null, LATER), pointer());
        ModelStores.Change change = ModelStores.challenge(store, "v3", LATER);
        assertTrue(change.summary().contains("replacing challenger v2"), change.summary());
        assertEquals("v3", pointer().challenger());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.challenge(store, "v1", LATER));
        assertTrue(e.getMessage().contains("must differ from the champion"), e.getMessage());
        assertEquals("v3", pointer().challenger());
    }

    @Test
    void challengeWithoutAChampionIsRefused() throws IOException {
        writeVersion(store, "v1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelStores.challenge(store, "v1", LATER));
        assertTrue(e.getMessage().contains("promote a version first"), e.getMessage());
        assertFalse(Files.exists(store.resolve(ModelStore.POINTER_FILE)));
    }

    @Test
    void dropChallengerClearsItAndIsHarmlessWithoutOne() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writePointer(store, "v1", "v2", null);
        ModelStores.dropChallenger(store, LATER);
        assertEquals(new ModelPointer("v1", null, null, LATER), pointer());
        byte[] before = pointerBytes();
        assertFalse(ModelStores.dropChallenger(store, LATER).changed());
        assertArrayEquals(before, pointerBytes());
    }

    @Test
    void rollbackSwapsChampionAndPrevious() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        writePointer(store, "v2", null, "v1");
        ModelStores.rollback(store, LATER);
        assertEquals(new ModelPointer("v1", null, "v2", LATER), pointer());
    }

    @Test
    void rollbackWithoutPreviousChampionIsRefused() throws IOException {
        writeVersion(store, "v1");
        writePointer(store, "v1", null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelStores.rollback(store, LATER));
        assertTrue(e.getMessage().contains("no previous champion"), e.getMessage());
        assertEquals("v1", pointer().champion());
    }

    @Test
    void rollbackToACorruptedOrVanishedPreviousChampionIsRefused() throws IOException {
        Path v1 = writeVersion(store, "v1");
        writeVersion(store, "v2");
        writePointer(store, "v2", null, "v1");
        Files.writeString(v1.resolve("mlp.onnx"), "tampered", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.rollback(store, LATER));
        assertTrue(e.getMessage().contains("roll back to v1") && e.getMessage().contains("sha256"), e.getMessage());
        writePointer(store, "v2", null, "v0");
        e = assertThrows(IllegalArgumentException.class, () -> ModelStores.rollback(store, LATER));
        assertTrue(e.getMessage().contains("no version v0"), e.getMessage());
        assertEquals("v2", pointer().champion());
    }

    @Test
    void aMalformedPointerIsAClearErrorNamingTheFile() throws IOException {
        writeVersion(store, "v1");
        for (String content : List.of("{ not json", "{\"schemaVersion\": 1, \"champion\": \"../x\", \"updatedAt\":"
                + " \"2026-01-01T00:00:00Z\"}", "[]")) {
            Files.writeString(store.resolve(ModelStore.POINTER_FILE), content, StandardCharsets.UTF_8);
            for (StoreCall call : List.<StoreCall>of(() -> ModelStores.promote(store, "v1", LATER),
                    () -> ModelStores.rollback(store, LATER), () -> ModelStores.dropChallenger(store, LATER),
                    () -> ModelStores.prune(store, 0, Set.of()), () -> ModelStores.list(store))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, content);
                assertTrue(e.getMessage().contains(ModelStore.POINTER_FILE), e.getMessage());
            }
            assertEquals(content, Files.readString(store.resolve(ModelStore.POINTER_FILE)), "left as it was");
            assertTrue(Files.exists(ModelStore.versionDir(store, "v1")), "prune deleted nothing");
        }
    }

    @FunctionalInterface
    private interface StoreCall {
        Object run() throws IOException;
    }

    @Test
    void pruneKeepsTheNewestAndEveryVersionThePointerNames() throws IOException {
        for (int i = 1; i <= 7; i++) {
            writeVersion(store, "2026010" + i + "-000000-quick");
        }
        // champion, challenger and previous are all old: they must survive any --keep.
        writePointer(store, "20260102-000000-quick", "20260101-000000-quick", "20260103-000000-quick");
        Path running = ModelStore.versionDir(store, "20260100-000000-quick");
        Files.createDirectories(running);
        Files.writeString(running.resolve("mlp.onnx"), "a run still writing", StandardCharsets.UTF_8);

        List<String> deleted = ModelStores.prune(store, 2, Set.of());
        assertEquals(List.of("20260104-000000-quick", "20260105-000000-quick"), deleted);
        assertEquals(List.of("20260101-000000-quick", "20260102-000000-quick", "20260103-000000-quick",
                "20260106-000000-quick", "20260107-000000-quick"), ModelStore.versions(store));
        assertFalse(Files.exists(ModelStore.versionDir(store, "20260104-000000-quick")), "the whole directory");
        assertTrue(Files.exists(running.resolve("mlp.onnx")), "a directory without manifest is never touched");

        ModelStores.prune(store, 0, Set.of());
        assertEquals(List.of("20260101-000000-quick", "20260102-000000-quick", "20260103-000000-quick"),
                ModelStore.versions(store));
        assertEquals(ModelStores.whyNotServable(store, "20260102-000000-quick"), java.util.Optional.empty(),
                "the champion is intact");
        assertThrows(IllegalArgumentException.class, () -> ModelStores.prune(store, -1, Set.of()));
    }

    @Test
    void pruneWithoutPointerKeepsTheNewestAndWhatTheCallerProtects() throws IOException {
        for (String version : List.of("v1", "v2", "v3")) {
            writeVersion(store, version);
        }
        assertEquals(List.of("v2"), ModelStores.prune(store, 1, Set.of("v1")));
        assertEquals(List.of("v1", "v3"), ModelStore.versions(store));
    }

    @Test
    void theLayoutsDoNotMix() throws IOException {
        writeSet(store, "flat");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.checkLayout(store, OutputLayout.STORE));
        assertTrue(e.getMessage().contains("--layout flat"), e.getMessage());
        ModelStores.checkLayout(store, OutputLayout.FLAT);
        e = assertThrows(IllegalArgumentException.class, () -> ModelStores.promote(store, "v1", LATER));
        assertTrue(e.getMessage().contains("flat model set"), e.getMessage());

        Path realStore = store.resolve("store");
        writeVersion(realStore, "v1");
        writePointer(realStore, "v1", null, null);
        e = assertThrows(IllegalArgumentException.class, () -> ModelStores.checkLayout(realStore, OutputLayout.FLAT));
        assertTrue(e.getMessage().contains("--layout store"), e.getMessage());
        ModelStores.checkLayout(realStore, OutputLayout.STORE);
        ModelStores.checkLayout(store.resolve("new"), OutputLayout.STORE);
        ModelStores.checkLayout(store.resolve("new"), OutputLayout.FLAT);
    }

    @Test
    void aNonexistentStoreIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelStores.list(store.resolve("missing")));
        assertTrue(e.getMessage().contains("no model store"), e.getMessage());
        assertFalse(Files.exists(store.resolve("missing")));
    }

    @Test
    void versionsAreNeverOverwritten() throws IOException {
        writeVersion(store, "v1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelStores.createVersion(store, "v1"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(java.util.Optional.empty(), ModelStores.whyNotServable(store, "v1"));
        assertThrows(IllegalArgumentException.class, () -> ModelStores.createVersion(store, "../v2"));
        assertFalse(Files.exists(store.resolve("v2")));
        Path created = ModelStores.createVersion(store, "v2");
        assertEquals(store.resolve("versions").resolve("v2"), created);
        assertTrue(Files.isDirectory(created));
    }

    @Test
    void activationAutoMakesTheFirstVersionChampionAndLaterOnesChallengers() throws IOException {
        writeVersion(store, "v1");
        ModelStores.Change first = ModelStores.activate(store, "v1", Activation.AUTO, LATER);
        assertEquals(new ModelPointer("v1", null, null, LATER), first.after());
        assertTrue(first.summary().contains("no champion"), first.summary());

        writeVersion(store, "v2");
        ModelStores.Change second = ModelStores.activate(store, "v2", Activation.AUTO, LATER);
        assertEquals(new ModelPointer("v1", "v2", null, LATER), pointer());
        assertTrue(second.summary().contains("challenger")
                && second.summary().contains("trainer models promote v2 --store " + store), second.summary());
    }

    @Test
    void activationChampionChallengerAndNone() throws IOException {
        writeVersion(store, "v1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelStores.activate(store, "v1", Activation.CHALLENGER, LATER));
        assertTrue(e.getMessage().contains("no champion"), e.getMessage());
        ModelStores.activate(store, "v1", Activation.NONE, LATER);
        assertFalse(Files.exists(store.resolve(ModelStore.POINTER_FILE)));
        ModelStores.activate(store, "v1", Activation.CHAMPION, LATER);
        writeVersion(store, "v2");
        ModelStores.activate(store, "v2", Activation.CHAMPION, LATER);
        assertEquals(new ModelPointer("v2", null, "v1", LATER), pointer());
        writeVersion(store, "v3");
        ModelStores.activate(store, "v3", Activation.CHALLENGER, LATER);
        assertEquals(new ModelPointer("v2", "v3", "v1", LATER), pointer());
        writeVersion(store, "v4");
        byte[] before = pointerBytes();
        ModelStores.Change none = ModelStores.activate(store, "v4", Activation.NONE, LATER);
        assertArrayEquals(before, pointerBytes());
        assertTrue(none.summary().contains("trainer models promote v4"), none.summary());
    }

    @Test
    void listShowsEveryVersionWithItsRoles() throws IOException {
        writeVersion(store, "v1");
        writeVersion(store, "v2");
        Path v3 = writeVersion(store, "v3");
        Files.writeString(v3.resolve(ModelStore.MANIFEST_FILE), "{", StandardCharsets.UTF_8);
        writePointer(store, "v2", "v3", "v1");
        List<ModelStores.VersionSummary> versions = ModelStores.list(store);
        assertEquals(List.of("v1", "v2", "v3"), versions.stream().map(ModelStores.VersionSummary::version).toList());
        assertEquals(List.of("previous"), versions.get(0).roles());
        assertEquals(List.of("champion"), versions.get(1).roles());
        assertEquals(List.of("challenger"), versions.get(2).roles());
        assertEquals(0.97, versions.get(1).manifest().ensemble().testAccuracy());
        assertNull(versions.get(2).manifest());
        assertTrue(versions.get(2).problem().contains("unreadable"), versions.get(2).problem());
    }
}
