package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ImageEncoding;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
 * Subsampled decoding must not change what the models see for real scans: MNIST test digits as large PNG scans,
 * decoded whole and within the default budget, must be normalised alike and classified the same by the quick models
 * (the ones the Quarkus tests run, {@code digitstream.models.dir}).
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
        classifier = new DigitClassifier(models, InferenceObserver.NONE, Clock.systemUTC());
    }

    @AfterAll
    static void closeModels() {
        models.close();
    }

    /** Scans as a scanner or camera gives them (the digit enlarged smoothly): 1260x1260 is read at every 2nd pixel. */
    @Test
    void smoothScansOfOneAndAHalfMegapixelsClassifyAsWhenDecodedWhole() throws Exception {
        assertEquals(2, ImageDecoder.subsamplingStep(1260, 1260, DEFAULT_BUDGET));
        assertSameOutcome(i -> smoothScan(i, 1260), 0, 0.005);
    }

    /** 2800x2800 (7.8 MP, near the pixel limit) is read at every 3rd pixel. */
    @Test
    void smoothScansNearThePixelLimitClassifyAsWhenDecodedWhole() throws Exception {
        assertEquals(3, ImageDecoder.subsamplingStep(2800, 2800, DEFAULT_BUDGET));
        assertSameOutcome(i -> smoothScan(i, 2800), 0, 0.005);
    }

    /**
     * The worst case for sampling every n-th pixel: the digit enlarged in hard-edged blocks (45 px per MNIST pixel, so
     * 22 or 23 samples per block). Reading fewer pixels moves the ink's centre of mass by a few hundredths of a
     * pixel of the 28x28 field; for a digit whose centre sits right at a half pixel, the recipe's integer centring
     * then shifts it by a whole row (measured over 200 digits: 2 at 1260 px, 1 at 2800 px), which may change its
     * prediction. One such digit in 20 is the noise allowed here.
     */
    @Test
    void hardEdgedScansClassifyAsWhenDecodedWholeWithinOneDigit() throws Exception {
        assertSameOutcome(i -> MnistFixtures.scanPng(i, 45), 1, 0.005);
        assertSameOutcome(i -> MnistFixtures.scanPng(i, 100), 1, 0.005);
    }

    /**
     * The hard case: a small digit (224x224, 1/18 of the page's width) on a 4096x2048 page, read at every 3rd pixel,
     * so the digit is 75 px tall when the recipe shrinks it to 20. Its fields differ more than the large scans' (each
     * 8x8 block of the enlarged MNIST digit gets two or three samples a side). The quick models answer the same for
     * all or all but one (seen: the subsampled field classified right where the whole one did not), the same noise
     * allowance as the hard-edged scans.
     */
    @Test
    void aSmallDigitOnAFullPageClassifiesAsWhenDecodedWhole() throws Exception {
        assertEquals(3, ImageDecoder.subsamplingStep(4096, 2048, DEFAULT_BUDGET));
        assertSameOutcome(i -> digitOnPage(i, 4096, 2048, 8, 2900 + 37 * i, 700 + 23 * i), 1, 0.1);
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
     * The models answer the same digit for all scans but {@code allowedFlips}, no more than that many fewer are right,
     * and the normalised 28x28 fields differ by at most {@code maxMedianDifference} per pixel on average for the median
     * scan (the median, as a digit shifted by a whole row differs by ~0.1).
     */
    private void assertSameOutcome(IntFunction<byte[]> scans, int allowedFlips, double maxMedianDifference)
            throws Exception {
        List<float[]> wholeFields = new ArrayList<>();
        List<float[]> budgetFields = new ArrayList<>();
        double[] differences = new double[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            byte[] png = scans.apply(i);
            float[] wholeField = whole.pixels(png, ImageEncoding.PNG);
            float[] budgetField = budgeted.pixels(png, ImageEncoding.PNG);
            wholeFields.add(wholeField);
            budgetFields.add(budgetField);
            differences[i] = meanAbsoluteDifference(wholeField, budgetField);
        }
        Arrays.sort(differences);
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
                + budgetCorrect + "; mean pixel difference median " + differences[DIGITS / 2] + ", worst "
                + differences[DIGITS - 1];
        assertTrue(same >= DIGITS - allowedFlips, outcome);
        assertTrue(budgetCorrect >= wholeCorrect - allowedFlips, outcome);
        assertTrue(differences[DIGITS / 2] <= maxMedianDifference, outcome);
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

    /** MNIST test digit {@code index} enlarged smoothly (bilinear) to {@code side} x {@code side}, dark on white. */
    private static byte[] smoothScan(int index, int side) {
        byte[] pixels = MnistFixtures.testSplit().images().image(index);
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            digit.getRaster().setSample(i % 28, i / 28, 0, 255 - (pixels[i] & 0xFF));
        }
        BufferedImage scan = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = scan.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(digit, 0, 0, side, side, null);
        graphics.dispose();
        return SyntheticImages.encode(scan, "png");
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
