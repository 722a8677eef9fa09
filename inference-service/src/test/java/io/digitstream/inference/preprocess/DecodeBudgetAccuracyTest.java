package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subsampled decoding must not change what the models see for real scans: MNIST test digits as PNG scans of growing
 * size, decoded whole and within the default budget, must be normalised alike and classified the same by the quick
 * models (the ones the Quarkus tests run, {@code digitstream.models.dir}).
 */
class DecodeBudgetAccuracyTest {

    private static final long MAX_PIXELS = 4096L * 2048;
    /** application.properties' digitstream.limits.max-decode-pixels. */
    private static final long DEFAULT_BUDGET = 1L << 20;
    private static final int DIGITS = 20;

    private static ModelSet models;
    private static DigitClassifier classifier;
    private final MnistNormalizer normalizer = new MnistNormalizer(0.2);
    private final DigitImagePreprocessor whole = preprocessor(MAX_PIXELS);
    private final DigitImagePreprocessor budgeted = preprocessor(DEFAULT_BUDGET);

    @BeforeAll
    static void loadModels() {
        String directory = System.getProperty("digitstream.models.dir");
        assertTrue(directory != null, "digitstream.models.dir must name the quick models (the pom sets it)");
        models = ModelSet.load(Path.of(directory), new OnnxThreads(1, 1));
        classifier = new DigitClassifier(models, (model, batchSize, nanos) -> { }, Clock.systemUTC());
    }

    @AfterAll
    static void closeModels() {
        models.close();
    }

    /** 1120x1120 (1.25 MP) is decoded at every 2nd pixel. */
    @Test
    void scansOfAMegapixelAndABitClassifyAsWhenDecodedWhole() throws Exception {
        assertEquals(2, ImageDecoder.subsamplingStep(1120, 1120, DEFAULT_BUDGET));
        assertSameOutcome(i -> MnistFixtures.scanPng(i, 40), 0.02);
    }

    /** 2800x2800 (7.8 MP) is decoded at every 3rd pixel. */
    @Test
    void scansNearThePixelLimitClassifyAsWhenDecodedWhole() throws Exception {
        assertEquals(3, ImageDecoder.subsamplingStep(2800, 2800, DEFAULT_BUDGET));
        assertSameOutcome(i -> MnistFixtures.scanPng(i, 100), 0.02);
    }

    /**
     * The hard case: a small digit (224x224, 1/18 of the page's width) on a 4096x2048 page, decoded at every 3rd pixel,
     * so the digit is 75 px tall when the recipe shrinks it to 20. Its fields differ more than the large scans' (each
     * 8x8 block of the enlarged MNIST digit gets two or three samples a side), but the models answer the same.
     */
    @Test
    void aSmallDigitOnAFullPageClassifiesAsWhenDecodedWhole() throws Exception {
        assertEquals(3, ImageDecoder.subsamplingStep(4096, 2048, DEFAULT_BUDGET));
        assertSameOutcome(i -> digitOnPage(i, 4096, 2048, 8, 2900 + 37 * i, 700 + 23 * i), 0.1);
    }

    /** The same scans below the budget are not subsampled at all: identical input, bit for bit. */
    @Test
    void scansWithinTheBudgetAreDecodedWhole() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] png = MnistFixtures.scanPng(i, 36);
            assertEquals(1, ImageDecoder.subsamplingStep(1008, 1008, DEFAULT_BUDGET));
            assertTrue(Arrays.equals(whole.pixels(png, ImageEncoding.PNG), budgeted.pixels(png, ImageEncoding.PNG)));
        }
    }

    /**
     * Within noise: the models answer the same digit for all scans but at most one, no fewer are right, and the
     * normalised 28x28 fields differ by at most {@code maxMeanDifference} per pixel on average.
     */
    private void assertSameOutcome(IntFunction<byte[]> scans, double maxMeanDifference) throws Exception {
        List<float[]> wholeFields = new ArrayList<>();
        List<float[]> budgetFields = new ArrayList<>();
        double worstMeanDifference = 0;
        for (int i = 0; i < DIGITS; i++) {
            byte[] png = scans.apply(i);
            float[] wholeField = whole.pixels(png, ImageEncoding.PNG);
            float[] budgetField = budgeted.pixels(png, ImageEncoding.PNG);
            wholeFields.add(wholeField);
            budgetFields.add(budgetField);
            worstMeanDifference = Math.max(worstMeanDifference, meanAbsoluteDifference(wholeField, budgetField));
        }
        List<DigitPrediction> wholePredictions = classify(wholeFields);
        List<DigitPrediction> budgetPredictions = classify(budgetFields);
        int same = 0;
        int wholeCorrect = 0;
        int budgetCorrect = 0;
        for (int i = 0; i < DIGITS; i++) {
            int label = MnistFixtures.label(i);
            same += wholePredictions.get(i).ensemble().digit() == budgetPredictions.get(i).ensemble().digit() ? 1 : 0;
            wholeCorrect += wholePredictions.get(i).ensemble().digit() == label ? 1 : 0;
            budgetCorrect += budgetPredictions.get(i).ensemble().digit() == label ? 1 : 0;
        }
        String outcome = same + " of " + DIGITS + " same digit; correct whole " + wholeCorrect + ", within budget "
                + budgetCorrect + "; worst mean pixel difference " + worstMeanDifference;
        assertTrue(same >= DIGITS - 1, outcome);
        assertTrue(budgetCorrect >= wholeCorrect, outcome);
        assertTrue(worstMeanDifference <= maxMeanDifference, outcome);
    }

    private static List<DigitPrediction> classify(List<float[]> fields) throws Exception {
        List<ClassificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            requests.add(new ClassificationRequest("scan-" + i, Instant.EPOCH, Instant.EPOCH, fields.get(i)));
        }
        return classifier.classify(requests);
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** MNIST test digit {@code index} enlarged {@code scale} times, dark on white, at (left, top) of a white page. */
    private static byte[] digitOnPage(int index, int width, int height, int scale, int left, int top) {
        byte[] digit = MnistFixtures.testSplit().images().image(index);
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] paper = ((DataBufferByte) page.getRaster().getDataBuffer()).getData();
        Arrays.fill(paper, (byte) 255);
        for (int y = 0; y < 28 * scale; y++) {
            for (int x = 0; x < 28 * scale; x++) {
                paper[(top + y) * width + left + x] = (byte) (255 - (digit[(y / scale) * 28 + x / scale] & 0xFF));
            }
        }
        return SyntheticImages.encode(page, "png");
    }

    private DigitImagePreprocessor preprocessor(long decodeBudget) {
        return new DigitImagePreprocessor(new ImageLimits(1 << 22, 4096, 4096, MAX_PIXELS, decodeBudget), normalizer);
    }
}
