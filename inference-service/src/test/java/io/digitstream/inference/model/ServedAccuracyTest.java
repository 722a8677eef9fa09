package io.digitstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPrediction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service must serve the models and the ensemble the trainer measured: the quick models (the ones the Quarkus tests
 * run, {@code digitstream.models.dir}) classify the whole MNIST test set through the service's own path (a raw
 * {@code digits.images} event, the preprocessor, ONNX Runtime, the vote) and score what the manifest says the trainer
 * measured on the same 10,000 images.
 */
class ServedAccuracyTest {

    /**
     * The trainer scores its own in-memory models; the service runs their ONNX export, whose logits differ by at most
     * ~1e-5 (the manifest's parityMaxAbsLogitDelta), which can only flip a near-tie. Three images in 10,000 is the
     * slack for that; a vote computed differently (weights ignored or misordered, equal vote, argmax on other
     * scores) moves the ensemble by far more on these models.
     */
    private static final int MAX_FLIPPED_IMAGES = 3;
    private static final int BATCH = 500;

    @Test
    void everyModelAndTheEnsembleScoreWhatTheTrainerReported() throws Exception {
        String directory = System.getProperty("digitstream.models.dir");
        assertNotNull(directory, "digitstream.models.dir must name the quick models (the pom sets it)");
        MnistSplit test = MnistFixtures.testSplit();
        int count = test.labels().count();
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(
                new ImageLimits(1 << 20, 1024, 1024, 1 << 20, 1 << 20), new MnistNormalizer(0.2));

        Map<String, Integer> correct = new LinkedHashMap<>();
        int ensembleCorrect = 0;
        ModelManifest manifest;
        try (ModelSet models = ModelSet.load(Path.of(directory), new OnnxThreads(1, 2))) {
            manifest = models.manifest();
            DigitClassifier classifier = new DigitClassifier(models, InferenceObserver.NONE, Clock.systemUTC());
            for (int start = 0; start < count; start += BATCH) {
                List<ClassificationRequest> requests = new ArrayList<>(BATCH);
                for (int i = start; i < Math.min(count, start + BATCH); i++) {
                    requests.add(new ClassificationRequest("t" + i, Instant.EPOCH, Instant.EPOCH,
                            preprocessor.pixels(MnistFixtures.rawEvent("t" + i, i))));
                }
                List<DigitPrediction> predictions = classifier.classify(requests);
                for (int i = 0; i < predictions.size(); i++) {
                    int label = test.labels().label(start + i);
                    DigitPrediction prediction = predictions.get(i);
                    ensembleCorrect += prediction.ensemble().digit() == label ? 1 : 0;
                    for (ModelPrediction model : prediction.models()) {
                        correct.merge(model.model(), model.digit() == label ? 1 : 0, Integer::sum);
                    }
                }
            }
        }

        assertNotNull(manifest.ensemble(), "the trainer writes fitted vote weights and the ensemble's test accuracy");
        for (ManifestEntry entry : manifest.models()) {
            assertServedAsReported(entry.name(), entry.testAccuracy(), correct.get(entry.name()), count);
        }
        assertServedAsReported("ensemble", manifest.ensemble().testAccuracy(), ensembleCorrect, count);
        assertEquals(manifest.models().size(), correct.size());
    }

    private static void assertServedAsReported(String model, double reported, int served, int count) {
        long reportedCorrect = Math.round(reported * count);
        assertTrue(Math.abs(served - reportedCorrect) <= MAX_FLIPPED_IMAGES, () -> model + ": the trainer reported "
                + reportedCorrect + " of " + count + " test images correct, the service classifies " + served);
    }
}
