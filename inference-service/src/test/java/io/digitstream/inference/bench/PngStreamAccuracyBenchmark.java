package io.digitstream.inference.bench;

import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.SourceImage;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.evaluate.ScanDegradation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user of the one-command pipeline sees: every model's and the ensemble's accuracy on the whole MNIST test set
 * sent the way the simulator sends it, as raw MNIST arrays and as PNG (the same pixels, which the service decodes and
 * puts through its MNIST recipe), through the service's own path (preprocessor, ONNX Runtime, the vote). Issue 17's
 * "PNG stream" target is the PNG column. A second table scores the trainer report's degraded test sets
 * ({@link ScanDegradation}) the same way, for models trained before the report had them.
 * <pre>
 * mvn -o -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.digitstream.inference.bench.PngStreamAccuracyBenchmark \
 *   -Dexec.args="../target/quick-models"
 * </pre>
 */
public final class PngStreamAccuracyBenchmark {

    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "../target/quick-models");
        MnistSplit test = MnistResolver.builder().build().load().test();
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        try (ModelSet set = ModelSet.load(models, new OnnxThreads(1, 2))) {
            DigitClassifier classifier = new DigitClassifier(set, InferenceObserver.NONE, Clock.systemUTC());
            Map<String, Integer> raw = correct(test, ImageEncoding.RAW, preprocessor, classifier);
            Map<String, Integer> png = correct(test, ImageEncoding.PNG, preprocessor, classifier);
            System.out.printf(Locale.ROOT, "models %s (%s), %d MNIST test images%n", models, set.version(), test.size());
            System.out.println("| model | raw MNIST | PNG stream | difference (points) |");
            System.out.println("| --- | --- | --- | --- |");
            raw.forEach((model, right) -> System.out.printf(Locale.ROOT, "| %s | %.2f %% | %.2f %% | %+.2f |%n", model,
                    100.0 * right / test.size(), 100.0 * png.get(model) / test.size(),
                    100.0 * (png.get(model) - right) / test.size()));

            // The trainer report's degraded test sets (ScanDegradation), sent as raw arrays through the same path.
            Map<ScanDegradation, Map<String, Integer>> degraded = new EnumMap<>(ScanDegradation.class);
            DigitSet clean = DigitSet.fromBytes(test.images().pixels(), test.labels().labels());
            for (ScanDegradation degradation : ScanDegradation.values()) {
                degraded.put(degradation, correct(degradation.apply(clean), preprocessor, classifier));
            }
            System.out.print("\n| model | raw MNIST |");
            degraded.keySet().forEach(d -> System.out.print(" " + d.description() + " |"));
            System.out.print("\n| --- | --- |");
            degraded.keySet().forEach(d -> System.out.print(" --- |"));
            System.out.println();
            raw.forEach((model, right) -> {
                System.out.printf(Locale.ROOT, "| %s | %.2f %% |", model, 100.0 * right / test.size());
                degraded.values().forEach(counts -> System.out.printf(Locale.ROOT, " %.2f %% |",
                        100.0 * counts.get(model) / test.size()));
                System.out.println();
            });
        }
    }

    /** Right answers per model, then the ensemble, for digits given as pixels in [0, 1] sent as raw events. */
    private static Map<String, Integer> correct(DigitSet digits, DigitImagePreprocessor preprocessor,
            DigitClassifier classifier) throws Exception {
        List<SourceImage> images = new ArrayList<>(digits.count());
        for (int i = 0; i < digits.count(); i++) {
            byte[] raw = new byte[ModelContract.PIXELS];
            for (int p = 0; p < raw.length; p++) {
                raw[p] = (byte) Math.round(255 * digits.pixels()[i * ModelContract.PIXELS + p]);
            }
            images.add(new SourceImage("degraded#" + i, ImageEncoding.RAW, ModelContract.SIDE, ModelContract.SIDE, raw,
                    digits.labels()[i]));
        }
        return correct(images, preprocessor, classifier);
    }

    /** Right answers per model, then the ensemble, with every test image sent in {@code encoding}. */
    private static Map<String, Integer> correct(MnistSplit test, ImageEncoding encoding,
            DigitImagePreprocessor preprocessor, DigitClassifier classifier) throws Exception {
        MnistTestSetSource source = new MnistTestSetSource(test, encoding);
        List<SourceImage> images = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            images.add(source.next());
        }
        return correct(images, preprocessor, classifier);
    }

    private static Map<String, Integer> correct(List<SourceImage> images, DigitImagePreprocessor preprocessor,
            DigitClassifier classifier) throws Exception {
        Map<String, Integer> correct = new LinkedHashMap<>();
        int ensemble = 0;
        for (int start = 0; start < images.size(); start += BATCH) {
            List<ClassificationRequest> requests = new ArrayList<>(BATCH);
            List<Integer> labels = new ArrayList<>(BATCH);
            for (int i = start; i < Math.min(images.size(), start + BATCH); i++) {
                SourceImage image = images.get(i);
                DigitImage event = new DigitImage("t" + i, null, Instant.now(), image.encoding(), image.width(),
                        image.height(), image.data());
                requests.add(new ClassificationRequest(event.id(), Instant.EPOCH, Instant.EPOCH,
                        preprocessor.pixels(event)));
                labels.add(image.label());
            }
            List<DigitPrediction> predictions = classifier.classify(requests);
            for (int i = 0; i < predictions.size(); i++) {
                DigitPrediction prediction = predictions.get(i);
                for (ModelPrediction model : prediction.models()) {
                    correct.merge(model.model(), model.digit() == labels.get(i) ? 1 : 0, Integer::sum);
                }
                ensemble += prediction.ensemble().digit() == labels.get(i) ? 1 : 0;
            }
        }
        correct.put("ensemble", ensemble);
        return correct;
    }
}
