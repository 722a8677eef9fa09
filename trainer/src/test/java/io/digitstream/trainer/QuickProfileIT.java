package io.digitstream.trainer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.SmokeTestImage;
import io.digitstream.trainer.evaluate.VoteMatrices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slow one: a real quick-profile run of the trainer CLI (all four models, real PyTorch engine, real ONNX
 * Runtime), writing the models later modules' tests reuse to {@code <repo>/target/quick-models} (a flat set, which
 * they read), and a short MLP-only run into a model store.
 */
class QuickProfileIT {

    private static final Path ROOT = Path.of(System.getProperty("digitstream.root", ".."));
    private static final Path MODELS = ROOT.resolve("target/quick-models");
    private static final Path REPORTS = ROOT.resolve("target/quick-reports");
    /** On a machine shared with other builds, {@code -Ddigitstream.trainer.threads=1} avoids stalled thread barriers. */
    private static final String THREADS = System.getProperty("digitstream.trainer.threads", "2");

    private static ModelManifest manifest;

    @BeforeAll
    static void runQuickProfile() throws IOException {
        // A fresh directory: a model store left there (e.g. by a script run without --layout flat) would make the
        // flat run refuse to mix layouts.
        deleteRecursively(MODELS);
        int exit = TrainerCli.commandLine().execute("--profile", "quick", "--threads", THREADS, "--layout", "flat",
                "--output", MODELS.toString(), "--reports", REPORTS.toString());
        assertEquals(0, exit, "trainer exit code");
        manifest = ManifestFiles.read(MODELS);
    }

    @Test
    void manifestListsAllFourModelsWithMatchingSha256() throws IOException {
        assertEquals(4, manifest.models().size());
        for (ManifestEntry entry : manifest.models()) {
            Path file = MODELS.resolve(entry.file());
            assertEquals(entry.sha256(), Sha256.of(file), entry.name());
            assertEquals(manifest.runId(), entry.version());
            assertEquals("pixels", entry.input().name());
            assertEquals("logits", entry.output().name());
        }
    }

    @Test
    void everyModelPassedTheParityGateOnTheFullTestSet() throws IOException {
        JsonNode metrics = new ObjectMapper().readTree(runDir().resolve("metrics.json").toFile());
        assertEquals(4, metrics.get("models").size());
        for (JsonNode model : metrics.get("models")) {
            JsonNode parity = model.get("parity");
            assertEquals(10_000, parity.get("images").asInt(), model.get("name").asText());
            assertTrue(parity.get("maxAbsLogitDelta").asDouble() <= 1e-4, model.toString());
            assertEquals(1.0, parity.get("argmaxAgreement").asDouble(), model.get("name").asText());
        }
    }

    @Test
    void exportedMlpScoresAtLeastNinetyPercentInOnnxRuntime() throws Exception {
        MnistDataset mnist = MnistResolver.builder().build().load();
        ManifestEntry mlp = manifest.model("mlp").orElseThrow();
        double accuracy = onnxAccuracy(MODELS.resolve(mlp.file()), mnist);
        assertTrue(accuracy >= 0.90, "MLP test accuracy in ONNX Runtime: " + accuracy);
        assertEquals(mlp.testAccuracy(), accuracy, 1e-9, "manifest accuracy is the exported model's accuracy");
    }

    @Test
    void manifestWeightsReproduceTheReportedEnsembleInOnnxRuntime() throws Exception {
        assertNotNull(manifest.ensemble(), "the trainer writes the fitted soft-vote weights");
        JsonNode ensemble = new ObjectMapper().readTree(runDir().resolve("metrics.json").toFile()).get("ensemble");
        for (ManifestEntry entry : manifest.models()) {
            assertEquals(ensemble.get("weights").get(entry.name()).asDouble(),
                    manifest.ensemble().weights().get(entry.name()), 1e-12, entry.name());
        }
        MnistDataset mnist = MnistResolver.builder().build().load();
        List<float[][]> probabilities = new ArrayList<>();
        for (ManifestEntry entry : manifest.models()) {
            probabilities.add(VoteMatrices.softmax(onnxLogits(MODELS.resolve(entry.file()), mnist)));
        }
        double accuracy = accuracy(VoteMatrices.argmax(VoteMatrices.softVote(probabilities, manifest.voteWeights())),
                mnist);
        // The report's vote used the engine's probabilities; the parity gate bounds the difference, so at most a
        // near-tie image could flip. (The service's own path is held to the same number by its ServedAccuracyTest.)
        assertEquals(ensemble.get("test").get("accuracy").asDouble(), accuracy, 1.01e-4,
                "the vote with the manifest's weights over the ONNX files scores what the report says");
        assertEquals(ensemble.get("test").get("accuracy").asDouble(), manifest.ensemble().testAccuracy(), 1e-12,
                "the manifest carries the ensemble's test accuracy the report shows");
    }

    @Test
    void reportFilesExist() throws IOException {
        Path runDir = runDir();
        for (String file : new String[] {"metrics.json", "report.md", "report.html"}) {
            assertTrue(Files.size(runDir.resolve(file)) > 0, file);
        }
        try (Stream<Path> files = Files.list(runDir)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".png")), "charts");
        }
    }

    @Test
    void reuseIfValidSkipsTrainingWhenEverythingMatches() throws IOException {
        long before = Files.getLastModifiedTime(MODELS.resolve(ManifestFiles.FILE)).toMillis();
        int exit = TrainerCli.commandLine().execute("--profile", "quick", "--layout", "flat",
                "--output", MODELS.toString(), "--reports", REPORTS.toString(), "--reuse-if-valid");
        assertEquals(0, exit);
        assertEquals(manifest.runId(), ManifestFiles.read(MODELS).runId());
        assertEquals(before, Files.getLastModifiedTime(MODELS.resolve(ManifestFiles.FILE)).toMillis());
    }

    @Test
    void reuseIfValidRetrainsWhenAFileWasTampered() throws IOException {
        Path copy = ROOT.resolve("target/quick-models-tampered");
        deleteRecursively(copy);
        Files.createDirectories(copy);
        Files.copy(MODELS.resolve("mlp.onnx"), copy.resolve("mlp.onnx"));
        ModelManifest onlyMlp = new ModelManifest(manifest.runId(), manifest.createdAt(),
                List.of(manifest.model("mlp").orElseThrow()));
        ManifestFiles.write(copy, onlyMlp);
        Files.write(copy.resolve("mlp.onnx"), new byte[] {1}, StandardOpenOption.APPEND);

        int exit = TrainerCli.commandLine().execute("--profile", "quick", "--models", "mlp", "--time-budget", "0",
                "--threads", THREADS, "--layout", "flat", "--output", copy.toString(),
                "--reports", ROOT.resolve("target/quick-reports-tampered").toString(), "--reuse-if-valid");
        assertEquals(0, exit);
        ModelManifest retrained = ManifestFiles.read(copy);
        ManifestEntry mlp = retrained.model("mlp").orElseThrow();
        assertEquals(mlp.sha256(), Sha256.of(copy.resolve("mlp.onnx")));
        assertNotEquals(manifest.model("mlp").orElseThrow().createdAt(), mlp.createdAt());
    }

    @Test
    void theSmokeTestHasOneClearDigitPerClassThatEveryModelAnswersSoInOnnxRuntime() throws Exception {
        List<SmokeTestImage> smokeTest = manifest.smokeTest();
        assertNotNull(smokeTest, "the trainer writes a smoke test");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), smokeTest.stream().map(SmokeTestImage::label).toList());
        MnistDataset mnist = MnistResolver.builder().build().load();
        byte[] testPixels = mnist.test().images().pixels();
        for (SmokeTestImage image : smokeTest) {
            assertTrue(isTestImage(image, testPixels), "digit " + image.label() + " is an MNIST test image");
        }
        for (ManifestEntry entry : manifest.models()) {
            float[][] logits = onnxLogits(MODELS.resolve(entry.file()), smokeTest.stream()
                    .map(SmokeTestImage::modelInput).toList());
            int[] answers = VoteMatrices.argmax(logits);
            for (int i = 0; i < smokeTest.size(); i++) {
                assertEquals(smokeTest.get(i).expected().get(entry.name()), answers[i],
                        entry.name() + " on the smoke-test " + smokeTest.get(i).label());
            }
        }
    }

    @Test
    void aRunIntoAModelStoreWritesAVersionAndPointsAtIt() throws IOException {
        Path store = ROOT.resolve("target/quick-store");
        deleteRecursively(store);
        String[] run = {"--profile", "quick", "--models", "mlp", "--search-trials", "0", "--epochs", "1",
                "--threads", THREADS, "--output", store.toString(),
                "--reports", ROOT.resolve("target/quick-reports-store").toString(), "--reuse-if-valid"};
        assertEquals(0, TrainerCli.commandLine().execute(run));
        ModelPointer pointer = ModelStore.readPointer(store);
        assertEquals(List.of(pointer.champion()), ModelStore.versions(store), "the first version is the champion");
        Path version = ModelStore.versionDir(store, pointer.champion());
        ModelManifest stored = ManifestFiles.read(version);
        assertEquals(pointer.champion(), stored.runId());
        assertEquals(Optional.empty(), ManifestFiles.whyNotIntact(version));
        assertEquals(10, stored.smokeTest().size());
        assertFalse(Files.exists(store.resolve(ManifestFiles.FILE)), "nothing flat at the store's root");

        // A valid champion is reused: no new version, the pointer untouched.
        byte[] before = Files.readAllBytes(store.resolve(ModelStore.POINTER_FILE));
        assertEquals(0, TrainerCli.commandLine().execute(run));
        assertEquals(List.of(pointer.champion()), ModelStore.versions(store));
        assertArrayEquals(before, Files.readAllBytes(store.resolve(ModelStore.POINTER_FILE)));
        assertEquals(0, TrainerCli.commandLine().execute("models", "list", "--store", store.toString()));
    }

    private static boolean isTestImage(SmokeTestImage image, byte[] testPixels) {
        byte[] pixels = Base64.getDecoder().decode(image.pixels());
        for (int offset = 0; offset < testPixels.length; offset += pixels.length) {
            if (Arrays.equals(pixels, 0, pixels.length, testPixels, offset, offset + pixels.length)) {
                return true;
            }
        }
        return false;
    }

    private static Path runDir() {
        return REPORTS.resolve(manifest.runId());
    }

    private static double onnxAccuracy(Path onnxFile, MnistDataset mnist) throws OrtException {
        return accuracy(VoteMatrices.argmax(onnxLogits(onnxFile, mnist)), mnist);
    }

    private static double accuracy(int[] predicted, MnistDataset mnist) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == mnist.test().labels().label(i) ? 1 : 0;
        }
        return (double) correct / predicted.length;
    }

    private static float[][] onnxLogits(Path onnxFile, MnistDataset mnist) throws OrtException {
        byte[] pixels = mnist.test().images().pixels();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xFF) / 255f;
        }
        return onnxLogits(onnxFile, scaled, mnist.test().labels().count());
    }

    private static float[][] onnxLogits(Path onnxFile, List<float[]> images) throws OrtException {
        float[] all = new float[images.size() * 784];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * 784, 784);
        }
        return onnxLogits(onnxFile, all, images.size());
    }

    private static float[][] onnxLogits(Path onnxFile, float[] scaled, int count) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnxFile.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(scaled),
                     new long[] {count, 28, 28});
             OrtSession.Result result = session.run(Map.of("pixels", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
