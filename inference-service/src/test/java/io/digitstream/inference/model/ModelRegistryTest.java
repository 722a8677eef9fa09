package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.ModelStoreFixture.Smoke;
import io.digitstream.inference.model.ReloadOutcome.Result;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path store;

    private final List<ReloadOutcome> outcomes = new ArrayList<>();
    private ModelRegistry registry;

    @BeforeEach
    void storeWithOneVersion() throws IOException {
        ModelStoreFixture.writeVersion(store, "v1", 1, Smoke.TRUE);
        ModelStoreFixture.point(store, "v1", null);
        registry = ModelRegistry.open(new ModelSource(store), new OnnxThreads(1, 1), Clock.systemUTC(),
                new ModelRegistry.Observer() {
                    @Override
                    public void reloaded(ReloadOutcome outcome) {
                        outcomes.add(outcome);
                    }
                });
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aChangedPointerIsLoadedAndSwappedAndAnUnchangedOneIsLeftAlone() throws IOException {
        assertEquals("v1", registry.current().champion().set().version());
        assertTrue(registry.reloadIfChanged().isEmpty(), "nothing changed");

        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        ModelStoreFixture.point(store, "v2", null);
        ReloadOutcome outcome = registry.reloadIfChanged().orElseThrow();

        assertEquals(Result.SWAPPED, outcome.result());
        assertEquals("v2", outcome.champion());
        assertEquals("v2", registry.current().champion().set().version());
        assertEquals("v2", classifyOne().modelSet());
        assertTrue(registry.reloadIfChanged().isEmpty(), "looked at once per change");
        assertEquals(Result.UNCHANGED, registry.reload("request").result());
    }

    @Test
    void aChallengerAnswersBesideTheChampionAndPromotingItReusesTheLoadedSet() throws IOException {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        ModelStoreFixture.point(store, "v1", "v2");
        assertEquals(Result.SWAPPED, registry.reload("request").result());

        DigitPrediction prediction = classifyOne();
        assertEquals("v1", prediction.modelSet());
        assertNotNull(prediction.challenger(), "the challenger's answer rides along");
        assertEquals("v2", prediction.challenger().modelSet());
        assertEquals(ModelStoreFixture.NAMES, prediction.challenger().models().stream().map(m -> m.model()).toList());
        assertTrue(prediction.challenger().models().stream().allMatch(m -> m.version().equals("v2")));

        ServingModels.Loaded challenger = registry.current().challenger().orElseThrow();
        ModelStoreFixture.point(store, "v2", null);
        assertEquals(Result.SWAPPED, registry.reload("request").result());
        assertSame(challenger.set(), registry.current().champion().set(), "promotion loads nothing");
        assertEquals(challenger.loadedAt(), registry.current().champion().loadedAt());
        assertNull(classifyOne().challenger());
    }

    @Test
    void aVersionWithAFileChangedAfterTrainingIsRefusedAndTheServingSetGoesOn() throws IOException {
        Path v2 = ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        byte[] onnx = Files.readAllBytes(v2.resolve("cnn.onnx"));
        onnx[onnx.length - 1] ^= 1;
        Files.write(v2.resolve("cnn.onnx"), onnx);
        ModelStoreFixture.point(store, "v2", null);

        ReloadOutcome outcome = registry.reloadIfChanged().orElseThrow();
        assertRefused(outcome, "sha256");
        assertTrue(outcome.message().contains("cnn.onnx"), outcome.message());
    }

    @Test
    void aSetBreakingTheOnnxContractIsRefused() throws IOException {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.NONE, false);
        ModelStoreFixture.point(store, "v2", null);
        assertRefused(registry.reloadIfChanged().orElseThrow(), "contract");
    }

    @Test
    void aSetThatAnswersItsSmokeTestDifferentlyFromItsTrainerIsRefused() throws IOException {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.WRONG);
        ModelStoreFixture.point(store, "v2", null);
        assertRefused(registry.reloadIfChanged().orElseThrow(), "smoke test");
    }

    @Test
    void aBadChallengerRefusesTheWholeChangeSoNothingHalfAppliedServes() throws IOException {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        ModelStoreFixture.writeVersion(store, "v3", 3, Smoke.WRONG);
        ModelStoreFixture.point(store, "v2", "v3");
        assertRefused(registry.reloadIfChanged().orElseThrow(), "smoke test");
        assertTrue(registry.current().challenger().isEmpty());
    }

    @Test
    void hostilePointersAreRefusedWithTheFileNamed() throws IOException {
        Path pointer = store.resolve(ModelStore.POINTER_FILE);
        for (String hostile : List.of("{", "[]", "{\"schemaVersion\":1,\"champion\":\"../v1\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"schemaVersion\":1,\"champion\":\"v9\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"schemaVersion\":1,\"champion\":\"v1\",\"challenger\":\"v1\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"schemaVersion\":1,\"champion\":\"" + "v".repeat(100_000) + "\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}")) {
            Files.writeString(pointer, hostile, StandardCharsets.UTF_8);
            ReloadOutcome outcome = registry.reloadIfChanged().orElseThrow();
            assertEquals(Result.REFUSED, outcome.result(), hostile.length() > 80 ? "a long name" : hostile);
            assertTrue(outcome.message().contains(store.toString()), outcome.message());
            assertEquals("v1", classifyOne().modelSet(), "the serving set goes on");
        }
        Files.delete(pointer);
        Files.createDirectories(store.resolve("versions"));
        // No pointer and no manifest: the directory is neither a store nor a set.
        assertEquals(Result.REFUSED, registry.reloadIfChanged().orElseThrow().result());
    }

    @Test
    void theSwapWaitsForTheBatchRunningOnTheOldSetAndTheNextBatchRunsOnTheNewOne() throws Exception {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        ExecutorService reloader = Executors.newSingleThreadExecutor();
        try {
            Future<ReloadOutcome> reload;
            try (ModelRegistry.Lease batch = registry.acquire()) {
                ModelStoreFixture.point(store, "v2", null);
                reload = reloader.submit(() -> registry.reload("change"));
                // Loading v2 happens beside the batch; only the swap waits for it.
                Thread.sleep(1500);
                assertFalse(reload.isDone(), "the swap waits while a batch holds the serving set");
                float[][] logits = batch.models().champion().set().models().get(0).logits(pixels(0), 1);
                assertEquals(ModelContract.CLASSES, logits[0].length, "the old set still answers within its batch");
                assertEquals("v1", batch.models().champion().set().version());
            }
            assertEquals(Result.SWAPPED, reload.get(30, TimeUnit.SECONDS).result());
            assertEquals("v2", classifyOne().modelSet());
        } finally {
            reloader.shutdownNow();
        }
    }

    /**
     * Batches run on two threads while the champion flips between two versions twenty times: every batch's
     * predictions name one version, nothing fails (no batch ever runs on a closed session), and both versions served.
     */
    @Test
    void batchesRunningThroughManySwapsNeverMixVersionsOrFail() throws Exception {
        ModelStoreFixture.writeVersion(store, "v2", 2, Smoke.TRUE);
        DigitClassifier classifier = new DigitClassifier(registry, InferenceObserver.NONE, Clock.systemUTC());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger batches = new AtomicInteger();
        Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            requests.add(new ClassificationRequest("img-" + i, Instant.EPOCH, Instant.EPOCH, pixels(i)));
        }
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                loops.add(workers.submit(() -> {
                    while (running.get()) {
                        List<DigitPrediction> predictions = classifier.classify(requests);
                        Set<String> versions = new java.util.HashSet<>();
                        predictions.forEach(p -> versions.add(p.modelSet()));
                        predictions.forEach(p -> p.models().forEach(m -> versions.add(m.version())));
                        assertEquals(1, versions.size(), "one batch, one version: " + versions);
                        assertEquals(requests.size(), predictions.size());
                        versionsSeen.addAll(versions);
                        batches.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int swap = 0; swap < 20; swap++) {
                ModelStoreFixture.point(store, swap % 2 == 0 ? "v2" : "v1", null);
                assertEquals(Result.SWAPPED, registry.reloadIfChanged().orElseThrow().result());
            }
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            workers.shutdownNow();
        }
        assertEquals(Set.of("v1", "v2"), versionsSeen);
        assertTrue(batches.get() > 20, "batches ran throughout: " + batches.get());
    }

    @Test
    void aSingleSetDirectoryIsReloadedWhenItsManifestChanges() throws IOException {
        Path single = store.resolve("single");
        CentroidOnnxModels.write(single, List.of("mlp"), 300);
        try (ModelRegistry flat = ModelRegistry.open(new ModelSource(single), new OnnxThreads(1, 1), Clock.systemUTC(),
                ModelRegistry.Observer.NONE)) {
            assertTrue(flat.reloadIfChanged().isEmpty());
            CentroidOnnxModels.write(single, List.of("mlp", "cnn"), 300);
            assertEquals(Result.SWAPPED, flat.reloadIfChanged().orElseThrow().result());
            assertEquals(2, flat.current().champion().set().models().size());
        }
    }

    @Test
    void aSetThatCannotBeServedAtStartStopsTheServiceWithTheReason() throws IOException {
        ModelStoreFixture.writeVersion(store, "bad", 4, Smoke.WRONG);
        ModelStoreFixture.point(store, "bad", null);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelRegistry.open(
                new ModelSource(store), new OnnxThreads(1, 1), Clock.systemUTC(), ModelRegistry.Observer.NONE));
        assertTrue(e.getMessage().contains("smoke test"), e.getMessage());
    }

    private void assertRefused(ReloadOutcome outcome, String reason) {
        assertEquals(Result.REFUSED, outcome.result());
        assertTrue(outcome.message().contains(reason), () -> "'" + reason + "' not in: " + outcome.message());
        assertEquals("v1", outcome.champion(), "the outcome names what still serves");
        assertEquals("v1", registry.current().champion().set().version());
        assertEquals("v1", classifyOne().modelSet(), "the serving set goes on");
        assertSame(outcome, outcomes.get(outcomes.size() - 1), "observers hear of the refusal");
    }

    private DigitPrediction classifyOne() {
        try {
            return new DigitClassifier(registry, InferenceObserver.NONE, Clock.systemUTC())
                    .classify(List.of(new ClassificationRequest("img", Instant.EPOCH, Instant.EPOCH, pixels(0)))).get(0);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] pixels(int index) {
        byte[] image = MnistFixtures.testSplit().images().image(index);
        float[] pixels = new float[ModelContract.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (image[p] & 0xff) / 255f;
        }
        return pixels;
    }
}
