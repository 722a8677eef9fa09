package io.digitstream.inference.bench;

import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.FieldSegmenter;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * How well fields of several MNIST test digits are read through segmentation (issue 13's first step): fields of
 * {@code length} digits with random gaps of 2-12 px (never touching), dark ink on white paper, as PNG; each cut by
 * {@link FieldSegmenter} with and without the length hint, every digit classified by the manifest's models.
 * Reports exact-match rates, how often the count was right, and the same digits' accuracy read one by one.
 * <pre>
 * mvn -o -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.digitstream.inference.bench.FieldReadingBenchmark \
 *   -Dexec.args="../target/quick-models 500 5"
 * </pre>
 */
public final class FieldReadingBenchmark {

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args.length > 0 ? args[0] : "../target/quick-models");
        int fields = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int length = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        MnistSplit test = MnistResolver.builder().build().load().test();
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        Random random = new Random(13);
        int exactHinted = 0;
        int exactFree = 0;
        int countFree = 0;
        int digitsRight = 0;
        int singleRight = 0;
        try (ModelSet set = ModelSet.load(models, new OnnxThreads(1, 1))) {
            DigitClassifier classifier = new DigitClassifier(set, InferenceObserver.NONE, Clock.systemUTC());
            for (int f = 0; f < fields; f++) {
                int[] indices = new int[length];
                StringBuilder truth = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    indices[i] = random.nextInt(test.labels().count());
                    truth.append(test.labels().label(indices[i]));
                }
                byte[] png = field(test, indices, random);
                String free = read(classifier, preprocessor.field(png, ImageEncoding.PNG, OptionalInt.empty()));
                String hinted = read(classifier, preprocessor.field(png, ImageEncoding.PNG, OptionalInt.of(length)));
                exactFree += free.contentEquals(truth) ? 1 : 0;
                countFree += free.length() == length ? 1 : 0;
                exactHinted += hinted.contentEquals(truth) ? 1 : 0;
                for (int i = 0; i < Math.min(length, hinted.length()); i++) {
                    digitsRight += hinted.charAt(i) == truth.charAt(i) ? 1 : 0;
                }
                String single = read(classifier, singles(test, indices));
                for (int i = 0; i < length; i++) {
                    singleRight += single.charAt(i) == truth.charAt(i) ? 1 : 0;
                }
            }
        }
        System.out.printf("%d fields of %d MNIST test digits, models %s%n", fields, length, models);
        System.out.printf("exact match, no hint:     %.1f %% (count right %.1f %%)%n", 100.0 * exactFree / fields,
                100.0 * countFree / fields);
        System.out.printf("exact match, length hint: %.1f %%; digit accuracy %.2f %%%n", 100.0 * exactHinted / fields,
                100.0 * digitsRight / (fields * length));
        System.out.printf("the same digits one by one: %.2f %% (exact match expected from them: %.1f %%)%n",
                100.0 * singleRight / (fields * length), 100.0 * Math.pow((double) singleRight / (fields * length), length));
    }

    private static String read(DigitClassifier classifier, FieldSegmenter.Segmentation segmentation) throws Exception {
        List<float[]> pixels = segmentation.digits().stream().map(FieldSegmenter.Digit::pixels).toList();
        return read(classifier, pixels);
    }

    private static String read(DigitClassifier classifier, List<float[]> pixels) throws Exception {
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < pixels.size(); i++) {
            requests.add(new ClassificationRequest("d" + i, Instant.EPOCH, Instant.EPOCH, pixels.get(i)));
        }
        StringBuilder text = new StringBuilder();
        for (DigitPrediction prediction : classifier.classify(requests)) {
            text.append(prediction.ensemble().digit());
        }
        return text.toString();
    }

    private static List<float[]> singles(MnistSplit test, int[] indices) {
        List<float[]> pixels = new ArrayList<>();
        for (int index : indices) {
            byte[] image = test.images().image(index);
            float[] input = new float[ModelContract.PIXELS];
            for (int p = 0; p < input.length; p++) {
                input[p] = (image[p] & 0xff) / 255f;
            }
            pixels.add(input);
        }
        return pixels;
    }

    /** The digits side by side (their 28x28 cells overlap by up to a few blank columns), dark on white, as PNG. */
    private static byte[] field(MnistSplit test, int[] indices, Random random) throws Exception {
        int[] lefts = new int[indices.length];
        int x = 6;
        for (int i = 0; i < indices.length; i++) {
            lefts[i] = x;
            // MNIST digits sit in a 20x20 box centred in 28x28: a step of 20-30 px leaves a 2-12 px gap or so.
            x += 20 + 2 + random.nextInt(9);
        }
        int width = x + 28;
        int height = 40;
        float[] ink = new float[width * height];
        for (int i = 0; i < indices.length; i++) {
            byte[] image = test.images().image(indices[i]);
            for (int yy = 0; yy < 28; yy++) {
                for (int xx = 0; xx < 28; xx++) {
                    int p = (6 + yy) * width + lefts[i] + xx;
                    ink[p] = Math.max(ink[p], (image[yy * 28 + xx] & 0xff) / 255f);
                }
            }
        }
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int yy = 0; yy < height; yy++) {
            for (int xx = 0; xx < width; xx++) {
                png.getRaster().setSample(xx, yy, 0, Math.round((1 - ink[yy * width + xx]) * 255));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(png, "png", bytes);
        return bytes.toByteArray();
    }
}
