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
import io.digitstream.simulator.source.GrayscaleImages;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.SourceImage;
import io.digitstream.trainer.data.DigitFilters;
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
 * ({@link ScanDegradation}) the same way, for models trained before the report had them, and a set the report cannot
 * have because only the service's recipe meets them: a fine pen on a 4x scan, a coarse 12 px scan and a blurred 4x
 * scan, sent as PNG.
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
            // A fine pen on a 4x scan, sent as PNG: what the recipe's 20x20 fit makes of sub-pixel strokes.
            Map<String, Integer> finePen = correct(finePenScans(clean), preprocessor, classifier);
            // A coarse scan, sent as PNG: the digit at 12x12, which the recipe enlarges to fit 20x20.
            Map<String, Integer> coarse = correct(coarseScans(clean), preprocessor, classifier);
            // An out-of-focus 4x scan: how the ink threshold treats wide, soft edges.
            Map<String, Integer> blurred = correct(blurredScans(clean), preprocessor, classifier);
            System.out.print("\n| model | raw MNIST |");
            degraded.keySet().forEach(d -> System.out.print(" " + d.description() + " |"));
            System.out.print(" fine pen, 4x scan, PNG | coarse 12 px scan, PNG | blurred 4x scan, PNG |");
            System.out.print("\n| --- | --- |");
            degraded.keySet().forEach(d -> System.out.print(" --- |"));
            System.out.print(" --- | --- | --- |");
            System.out.println();
            raw.forEach((model, right) -> {
                System.out.printf(Locale.ROOT, "| %s | %.2f %% |", model, 100.0 * right / test.size());
                degraded.values().forEach(counts -> System.out.printf(Locale.ROOT, " %.2f %% |",
                        100.0 * counts.get(model) / test.size()));
                System.out.printf(Locale.ROOT, " %.2f %% | %.2f %% | %.2f %% |",
                        100.0 * finePen.get(model) / test.size(), 100.0 * coarse.get(model) / test.size(),
                        100.0 * blurred.get(model) / test.size());
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

    /**
     * Each digit scanned at 4x (112 px, bilinear), its ink cut at half strength and eroded 3 px: dark strokes about
     * 2-4 px wide on white paper, which the 20x20 fit shrinks to under a pixel. Sent as PNG.
     */
    private static List<SourceImage> finePenScans(DigitSet digits) {
        int side = 4 * ModelContract.SIDE;
        List<SourceImage> images = new ArrayList<>(digits.count());
        for (int i = 0; i < digits.count(); i++) {
            float[] scan = fourTimes(digits, i);
            boolean[] ink = new boolean[side * side];
            for (int p = 0; p < ink.length; p++) {
                ink[p] = scan[p] >= 0.5f;
            }
            byte[] paper = new byte[side * side];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean core = true;
                    for (int dy = -3; dy <= 3 && core; dy++) {
                        for (int dx = -3; dx <= 3 && core; dx++) {
                            int nx = x + dx;
                            int ny = y + dy;
                            core = nx >= 0 && ny >= 0 && nx < side && ny < side && ink[ny * side + nx];
                        }
                    }
                    paper[y * side + x] = (byte) (core ? 0 : 255);
                }
            }
            images.add(new SourceImage("fine-pen#" + i, ImageEncoding.PNG, side, side,
                    GrayscaleImages.png(GrayscaleImages.fromBytes(paper, side, side)), digits.labels()[i]));
        }
        return images;
    }

    /** Each digit averaged down to 12x12 (the report's low-resolution set, before it is scaled back), dark on white. */
    private static List<SourceImage> coarseScans(DigitSet digits) {
        int side = 12;
        List<SourceImage> images = new ArrayList<>(digits.count());
        float[] image = new float[ModelContract.PIXELS];
        for (int i = 0; i < digits.count(); i++) {
            System.arraycopy(digits.pixels(), i * ModelContract.PIXELS, image, 0, ModelContract.PIXELS);
            float[] low = DigitFilters.downscale(image, side);
            byte[] paper = new byte[side * side];
            for (int p = 0; p < paper.length; p++) {
                paper[p] = (byte) Math.round(255 * (1 - low[p]));
            }
            images.add(new SourceImage("coarse#" + i, ImageEncoding.PNG, side, side,
                    GrayscaleImages.png(GrayscaleImages.fromBytes(paper, side, side)), digits.labels()[i]));
        }
        return images;
    }

    /**
     * Each digit scanned at 4x (112 px, bilinear) and blurred by a Gaussian of 4 px there (one MNIST pixel), dark on
     * white: soft edges several pixels wide, which the ink threshold decides how much of to keep.
     */
    private static List<SourceImage> blurredScans(DigitSet digits) {
        int side = 4 * ModelContract.SIDE;
        float[] kernel = DigitFilters.gaussianKernel(4f);
        List<SourceImage> images = new ArrayList<>(digits.count());
        for (int i = 0; i < digits.count(); i++) {
            float[] soft = DigitFilters.separable(fourTimes(digits, i), kernel, side);
            byte[] paper = new byte[side * side];
            for (int p = 0; p < paper.length; p++) {
                paper[p] = (byte) Math.round(255 * (1 - Math.min(1, soft[p])));
            }
            images.add(new SourceImage("blurred#" + i, ImageEncoding.PNG, side, side,
                    GrayscaleImages.png(GrayscaleImages.fromBytes(paper, side, side)), digits.labels()[i]));
        }
        return images;
    }

    /** Digit {@code i} enlarged bilinearly to 112x112, ink 1: the same handwriting scanned at four times MNIST's. */
    private static float[] fourTimes(DigitSet digits, int i) {
        int side = 4 * ModelContract.SIDE;
        float[] scan = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                scan[y * side + x] = DigitFilters.bilinear(digits.pixels(), i * ModelContract.PIXELS,
                        (x + 0.5f) / 4 - 0.5f, (y + 0.5f) / 4 - 0.5f);
            }
        }
        return scan;
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
