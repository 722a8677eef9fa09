package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.SoftVote;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime sessions on small real models (nearest-centroid, see {@link CentroidOnnxModels}). */
class DigitClassifierTest {

    private static final List<String> NAMES = List.of("mlp", "rnn", "gru", "cnn");

    @TempDir
    static Path modelDir;

    @BeforeAll
    static void writeModels() throws Exception {
        CentroidOnnxModels.write(modelDir, NAMES, 2000);
    }

    @Test
    void everyModelRunsOnceForTheWholeBatchAndTheEnsembleIsAccurate() throws Exception {
        Map<String, Integer> callsPerModel = new HashMap<>();
        Map<String, Integer> imagesPerModel = new HashMap<>();
        InferenceObserver observer = (model, role, batchSize, nanos) -> {
            callsPerModel.merge(model, 1, Integer::sum);
            imagesPerModel.merge(model, batchSize, Integer::sum);
        };
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            requests.add(new ClassificationRequest("img-" + i, Instant.EPOCH, Instant.EPOCH, pixels(i)));
        }

        List<DigitPrediction> predictions;
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            predictions = new DigitClassifier(models, observer, Clock.systemUTC()).classify(requests);
        }

        assertEquals(Map.of("mlp", 1, "rnn", 1, "gru", 1, "cnn", 1), callsPerModel);
        assertEquals(Map.of("mlp", 500, "rnn", 500, "gru", 500, "cnn", 500), imagesPerModel);
        assertEquals(500, predictions.size());
        long correct = 0;
        for (int i = 0; i < predictions.size(); i++) {
            DigitPrediction prediction = predictions.get(i);
            assertEquals("img-" + i, prediction.id());
            assertEquals(NAMES, prediction.models().stream().map(ModelPrediction::model).toList());
            assertEquals(1.0, prediction.ensemble().probabilities().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
            assertTrue(prediction.models().stream().allMatch(m -> m.latencyMs() > 0));
            correct += prediction.ensemble().digit() == MnistFixtures.label(i) ? 1 : 0;
        }
        // Nearest-centroid classifiers reach about 80 % on MNIST; chance is 10 %.
        assertTrue(correct >= 375, correct + " of 500 correct");
    }

    @Test
    void theEnsembleVotesWithTheManifestsWeights(@TempDir Path weightedDir) throws Exception {
        ModelManifest equal = CentroidOnnxModels.write(weightedDir, NAMES, 2000);
        Map<String, Double> onlyGru = new LinkedHashMap<>();
        NAMES.forEach(name -> onlyGru.put(name, name.equals("gru") ? 1.0 : 0.0));
        EventJson.mapper().writeValue(weightedDir.resolve(ModelManifestLoader.MANIFEST_FILE).toFile(),
                new ModelManifest(equal.runId(), equal.createdAt(), equal.models(), new SoftVote(onlyGru, 0.3, 0.9)));
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            requests.add(new ClassificationRequest("img-" + i, Instant.EPOCH, Instant.EPOCH, pixels(i)));
        }

        List<DigitPrediction> predictions;
        try (ModelSet models = ModelSet.load(weightedDir, new OnnxThreads(1, 1))) {
            predictions = new DigitClassifier(models, InferenceObserver.NONE, Clock.systemUTC())
                    .classify(requests);
        }

        int disagreements = 0;
        for (DigitPrediction prediction : predictions) {
            ModelPrediction gru = prediction.models().get(NAMES.indexOf("gru"));
            assertEquals(gru.digit(), prediction.ensemble().digit(), prediction.id());
            for (int digit = 0; digit < 10; digit++) {
                assertEquals(gru.probabilities().get(digit), prediction.ensemble().probabilities().get(digit), 1e-12);
            }
            disagreements += prediction.agreement() ? 0 : 1;
        }
        // The members differ on some images, so an equal vote would not have reproduced gru's probabilities.
        assertTrue(disagreements > 0, "the fixture models never disagree, so this test could not fail");
    }

    @Test
    void modelWhoseGraphBreaksTheInputContractIsRefused(@TempDir Path otherDir) throws Exception {
        CentroidOnnxModels.write(otherDir, List.of("mlp"), 500, false);

        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> ModelSet.load(otherDir, new OnnxThreads(1, 1)));

        assertTrue(e.getMessage().contains("input 'pixels' is FLOAT[-1, 784] but the contract needs FLOAT[-1, 28, 28]"),
                e.getMessage());
    }

    private static float[] pixels(int index) {
        byte[] image = MnistFixtures.testSplit().images().image(index);
        float[] pixels = new float[ModelContract.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (image[p] & 0xFF) / 255f;
        }
        return pixels;
    }
}
