package io.digitstream.inference.bench;

import io.digitstream.inference.field.FieldReader;
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
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.LengthRange;
import io.digitstream.simulator.field.ComposedField;
import io.digitstream.simulator.field.FieldComposer;
import io.digitstream.simulator.field.FieldStyle;
import io.digitstream.simulator.source.GrayscaleImages;
import io.digitstream.simulator.source.ScanLayout;
import io.digitstream.simulator.source.ScanRenderer;
import io.digitstream.simulator.source.ScanSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Issue 13's targets, measured through the product's own path ({@link FieldReader}: segmentation, the MNIST recipe,
 * every model in batched ONNX Runtime calls, the reading): fields composed by the simulator's {@link FieldComposer}
 * from MNIST <em>test</em> digits, as PNG.
 * <ul>
 * <li>{@code gaps}: 5-digit fields, clear gaps, no printed lines (target: exact match >= 99 % with standard models);</li>
 * <li>{@code mixed}: the simulator's default (3-10 digits, touching pairs, comb boxes, underlines; targets >= 96 %
 * exact, >= 99 % digit accuracy), read without and with the length hint;</li>
 * <li>throughput: digits per CPU-second when read from fields against the same number of single-digit PNG scans,
 * in batches of the same number of digits (target: fields within 0.7x).</li>
 * </ul>
 * Digit accuracy compares position by position when the length is right and counts every digit wrong otherwise.
 * <pre>
 * mvn -o -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.digitstream.inference.bench.FieldReadingBenchmark \
 *   -Dexec.args="../target/quick-models 500"
 * </pre>
 */
public final class FieldReadingBenchmark {

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "../target/quick-models");
        int fields = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        MnistSplit test = MnistResolver.builder().build().load().test();
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        FieldReader reader = new FieldReader(preprocessor, 0.8);
        FieldComposer composer = new FieldComposer(test);
        try (ModelSet set = ModelSet.load(models, new OnnxThreads(1, 1))) {
            DigitClassifier classifier = new DigitClassifier(set, InferenceObserver.NONE, Clock.systemUTC());
            System.out.printf(Locale.ROOT, "%d fields per row, models %s (%s), availableProcessors %d%n", fields,
                    models, set.version(), Runtime.getRuntime().availableProcessors());
            System.out.println("| fields | hint | exact match | digit accuracy | length right | doubtful | exact among not doubtful |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            List<ComposedField> gaps = compose(composer, FieldStyle.gapsOnly(5), fields, 13);
            List<ComposedField> mixed = compose(composer, FieldStyle.mixed(), fields, 17);
            ceiling("5 digits, gaps", gaps, test, classifier);
            ceiling("mixed (simulator default)", mixed, test, classifier);
            row("5 digits, gaps", gaps, false, reader, classifier);
            row("5 digits, gaps", gaps, true, reader, classifier);
            row("mixed (simulator default)", mixed, false, reader, classifier);
            row("mixed (simulator default)", mixed, true, reader, classifier);
            breakdown(mixed, reader, classifier);
            throughput(mixed, test, reader, classifier);
        }
    }

    private static List<ComposedField> compose(FieldComposer composer, FieldStyle style, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ComposedField> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(composer.compose(style, random));
        }
        return list;
    }

    private static void row(String name, List<ComposedField> fields, boolean hinted, FieldReader reader,
            DigitClassifier classifier) throws Exception {
        int exact = 0;
        int lengthRight = 0;
        int doubtful = 0;
        int exactConfident = 0;
        long digits = 0;
        long digitsRight = 0;
        for (ComposedField field : fields) {
            FieldReading reading = read(field, hinted, reader, classifier);
            String truth = field.value();
            digits += truth.length();
            boolean right = reading.value().equals(truth);
            exact += right ? 1 : 0;
            if (reading.value().length() == truth.length()) {
                lengthRight++;
                for (int i = 0; i < truth.length(); i++) {
                    digitsRight += reading.value().charAt(i) == truth.charAt(i) ? 1 : 0;
                }
            }
            if (reading.doubts().isEmpty()) {
                exactConfident += right ? 1 : 0;
            } else {
                doubtful++;
            }
        }
        int n = fields.size();
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f %% | %.2f %% | %.1f %% | %.1f %% | %.1f %% |%n", name,
                hinted ? "length" : "none", 100.0 * exact / n, 100.0 * digitsRight / digits, 100.0 * lengthRight / n,
                100.0 * doubtful / n, n == doubtful ? 0.0 : 100.0 * exactConfident / (n - doubtful));
    }

    /**
     * What perfect cutting would give: the same MNIST digits read one by one from their original 28x28 images. A field
     * is read exactly only if every digit is, so per-digit accuracy p caps n-digit fields at about p^n.
     */
    private static void ceiling(String name, List<ComposedField> fields, MnistSplit test, DigitClassifier classifier)
            throws Exception {
        int exact = 0;
        long digits = 0;
        long right = 0;
        for (ComposedField field : fields) {
            List<ClassificationRequest> singles = new ArrayList<>();
            for (int index : field.origins()) {
                byte[] image = test.images().image(index);
                float[] pixels = new float[image.length];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (image[p] & 0xff) / 255f;
                }
                singles.add(new ClassificationRequest("s", Instant.EPOCH, Instant.EPOCH, pixels));
            }
            StringBuilder read = new StringBuilder();
            classifier.classify(singles).forEach(prediction -> read.append(prediction.ensemble().digit()));
            exact += read.toString().equals(field.value()) ? 1 : 0;
            digits += field.value().length();
            for (int i = 0; i < field.value().length(); i++) {
                right += read.charAt(i) == field.value().charAt(i) ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "| %s | the same digits one by one (perfect cutting) | %.1f %% | %.2f %% | 100.0 %% | | |%n",
                name, 100.0 * exact / fields.size(), 100.0 * right / digits);
    }

    /** Where the mixed fields go wrong, without the hint: by kind of field, and which way the length is off. */
    private static void breakdown(List<ComposedField> fields, FieldReader reader, DigitClassifier classifier)
            throws Exception {
        java.util.Map<String, int[]> kinds = new java.util.LinkedHashMap<>();
        int tooFew = 0;
        int tooMany = 0;
        for (ComposedField field : fields) {
            FieldReading reading = read(field, false, reader, classifier);
            String kind = (field.combBox() ? "comb box" : field.underline() ? "underline" : "plain")
                    + (field.touching() > 0 ? ", touching" : "");
            int[] counts = kinds.computeIfAbsent(kind, k -> new int[2]);
            counts[0]++;
            counts[1] += reading.value().equals(field.value()) ? 1 : 0;
            tooFew += reading.value().length() < field.value().length() ? 1 : 0;
            tooMany += reading.value().length() > field.value().length() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%nmixed fields without the hint, by kind:%n| kind | fields | exact match |%n| --- | --- | --- |%n");
        kinds.forEach((kind, counts) -> System.out.printf(Locale.ROOT, "| %s | %d | %.1f %% |%n", kind, counts[0],
                100.0 * counts[1] / counts[0]));
        System.out.printf(Locale.ROOT, "length too short %d, too long %d of %d%n", tooFew, tooMany, fields.size());
    }

    private static FieldReading read(ComposedField field, boolean hinted, FieldReader reader,
            DigitClassifier classifier) throws Exception {
        Instant now = Instant.now();
        FieldImage event = new FieldImage("f", null, now, ImageEncoding.PNG, field.width(), field.height(),
                field.png(), hinted ? LengthRange.exactly(field.value().length()) : null);
        FieldReader.PendingField pending = reader.prepare(event, now);
        List<DigitPrediction> predictions = classifier.classify(pending.requests());
        return reader.reading(pending, predictions, now);
    }

    /**
     * The CPU time of reading the mixed fields (decode, segment, recipe, models, reading), in batches of about 256
     * digits, against the same digits as single-digit PNG scans (the simulator's synthetic scans) in batches of 256.
     */
    private static void throughput(List<ComposedField> fields, MnistSplit test, FieldReader reader,
            DigitClassifier classifier) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        List<byte[]> scans = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        ScanSettings settings = new ScanSettings(96, 96, 0.4, 0.9, 15, 12); // the simulator's defaults
        for (ComposedField field : fields) {
            for (int index : field.origins()) {
                scans.add(GrayscaleImages.png(ScanRenderer.render(test.images().image(index), test.images().rows(),
                        ScanLayout.random(settings, random), random)));
            }
        }
        int digits = scans.size();
        for (int round = 0; round < 3; round++) {
            long start = threads.getCurrentThreadCpuTime();
            List<FieldReader.PendingField> batch = new ArrayList<>();
            List<ClassificationRequest> requests = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < fields.size(); i++) {
                ComposedField field = fields.get(i);
                FieldReader.PendingField pending = reader.prepare(new FieldImage("f" + i, null, now, ImageEncoding.PNG,
                        field.width(), field.height(), field.png(), null), now);
                batch.add(pending);
                requests.addAll(pending.requests());
                if (requests.size() >= 256 || i == fields.size() - 1) {
                    List<DigitPrediction> predictions = classifier.classify(requests);
                    int from = 0;
                    for (FieldReader.PendingField each : batch) {
                        int to = from + each.requests().size();
                        reader.reading(each, predictions.subList(from, to), now);
                        from = to;
                    }
                    batch.clear();
                    requests.clear();
                }
            }
            long fieldNanos = threads.getCurrentThreadCpuTime() - start;
            start = threads.getCurrentThreadCpuTime();
            for (int from = 0; from < digits; from += 256) {
                List<ClassificationRequest> singles = new ArrayList<>();
                for (int i = from; i < Math.min(digits, from + 256); i++) {
                    singles.add(new ClassificationRequest("s" + i, now, now,
                            preprocessor.pixels(scans.get(i), ImageEncoding.PNG)));
                }
                classifier.classify(singles);
            }
            long singleNanos = threads.getCurrentThreadCpuTime() - start;
            if (round == 2) {
                double fieldRate = digits / (fieldNanos / 1e9);
                double singleRate = digits / (singleNanos / 1e9);
                System.out.printf(Locale.ROOT, "%nthroughput, %d digits each way, CPU time of one thread (3rd round):%n",
                        digits);
                System.out.printf(Locale.ROOT, "| input | digits per CPU-second | ratio |%n| --- | --- | --- |%n");
                System.out.printf(Locale.ROOT, "| single-digit PNG scans | %.0f | 1.00 |%n", singleRate);
                System.out.printf(Locale.ROOT, "| mixed fields (PNG) | %.0f | %.2f |%n", fieldRate, fieldRate / singleRate);
            }
        }
    }
}
