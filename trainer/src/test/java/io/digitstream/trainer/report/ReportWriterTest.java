package io.digitstream.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.trainer.evaluate.VoteMatrices;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    static Path runDir;

    private static RunResult run;
    private static Path html;

    @BeforeAll
    static void writeReport() throws IOException {
        run = SyntheticRun.create();
        html = ReportWriter.write(run, runDir.resolve("reports/training").resolve(run.runId()));
    }

    private static Path file(String name) {
        return html.resolveSibling(name);
    }

    @Test
    void writesEveryFile() {
        List<String> expected = List.of("metrics.json", "report.md", "report.html", "learning-loss.png",
                "learning-accuracy.png", "comparison.png", "accuracy-vs-latency.png", "misclassified.png",
                "confusion-mlp.png", "confusion-rnn.png", "confusion-gru.png", "confusion-cnn.png",
                "confusion-ensemble.png");
        for (String name : expected) {
            assertTrue(Files.isRegularFile(file(name)), "missing " + name);
        }
        assertEquals("report.html", html.getFileName().toString());
    }

    @Test
    void metricsJsonCarriesTheNumbers() throws IOException {
        JsonNode root = new ObjectMapper().readTree(file("metrics.json").toFile());

        assertEquals(run.runId(), root.path("run").path("runId").asText());
        assertEquals(SyntheticRun.TEST_COUNT, root.path("run").path("testCount").asInt());
        assertEquals("2026-01-01T12:00:00Z", root.path("run").path("startedAt").asText());
        JsonNode models = root.path("models");
        assertEquals(4, models.size());
        for (int i = 0; i < models.size(); i++) {
            ModelResult expected = run.models().get(i);
            JsonNode model = models.get(i);
            assertEquals(expected.name(), model.path("name").asText());
            assertEquals(expected.metrics().accuracy(), model.path("test").path("accuracy").asDouble(), 1e-12);
            assertEquals(expected.metrics().macroF1(), model.path("test").path("macroF1").asDouble(), 1e-12);
            assertEquals(expected.metrics().confusion()[3][3],
                    model.path("test").path("confusion").get(3).get(3).asInt());
            assertEquals(10, model.path("test").path("f1").size());
            assertEquals(expected.params(), model.path("params").asLong());
            assertEquals(expected.flopsPerImage(), model.path("flopsPerImage").asLong());
            assertEquals(expected.name() + ".onnx", model.path("onnxFile").asText());
            assertEquals(expected.onnxSha256(), model.path("onnxSha256").asText());
            assertEquals(expected.latency().batch1P99Ms(), model.path("latency").path("batch1P99Ms").asDouble());
            assertEquals(expected.latency().imagesPerSecondBatch256(),
                    model.path("latency").path("imagesPerSecondBatch256").asDouble());
            assertEquals(1.0, model.path("parity").path("argmaxAgreement").asDouble());
            assertEquals(expected.hyperparameters().width(), model.path("hyperparameters").path("width").asInt());
            assertEquals(128, model.path("training").path("batchSize").asInt());
            assertEquals(3, model.path("history").size());
            assertEquals(2, model.path("trials").size());
            assertTrue(model.path("trials").get(0).path("selected").asBoolean());
        }
        JsonNode ensemble = root.path("ensemble");
        assertEquals(run.ensemble().accuracy(), ensemble.path("test").path("accuracy").asDouble(), 1e-12);
        assertEquals("cnn", ensemble.path("bestModel").asText());
        assertEquals(4, ensemble.path("members").size());
        assertEquals(run.ensembleFit().weights()[3], ensemble.path("weights").path("cnn").asDouble(), 1e-12);
        assertEquals(run.ensembleFit().equalVote().accuracy(), ensemble.path("equalVoteTestAccuracy").asDouble(),
                1e-12);
        assertEquals(535_818 + 54_410 + 153_994 + 225_034, ensemble.path("params").asLong());
        assertEquals(1_071_000 + 2_130_000 + 6_200_000 + 22_000_000, ensemble.path("flopsPerImage").asLong());
        assertFalse(root.toString().contains("testProbabilities"), "bulk arrays do not belong in metrics.json");
        assertFalse(root.toString().contains("degradedProbabilities"), "nor the degraded sets' probabilities");
        // SyntheticRun moves every tenth answer on the thick-pen set to a wrong digit and leaves the others clean.
        for (int m = 0; m < run.models().size(); m++) {
            JsonNode degraded = root.path("models").get(m).path("degradedTestAccuracy");
            double clean = run.models().get(m).metrics().accuracy();
            assertEquals(List.of("low-resolution", "thick-pen", "thin-pen", "blur"), fieldNames(degraded));
            assertEquals(clean, degraded.path("blur").asDouble(), 1e-12, "an unchanged set scores as the clean one");
            assertTrue(degraded.path("thick-pen").asDouble() < clean, degraded.toString());
        }
        JsonNode ensembleDegraded = ensemble.path("degradedTestAccuracy");
        assertEquals(run.ensemble().accuracy(), ensembleDegraded.path("low-resolution").asDouble(), 1e-6);
        assertTrue(ensembleDegraded.path("thick-pen").asDouble() < run.ensemble().accuracy(), ensembleDegraded.toString());
    }

    @Test
    void chartsDecodeAsPngsOfTheExpectedSize() throws IOException {
        assertSize(ChartFiles.LEARNING_LOSS, LearningCurveCharts.WIDTH, LearningCurveCharts.HEIGHT);
        assertSize(ChartFiles.LEARNING_ACCURACY, LearningCurveCharts.WIDTH, LearningCurveCharts.HEIGHT);
        assertSize(ChartFiles.confusion("gru"), ConfusionHeatMaps.WIDTH, ConfusionHeatMaps.HEIGHT);
        assertSize(ChartFiles.confusion("ensemble"), ConfusionHeatMaps.WIDTH, ConfusionHeatMaps.HEIGHT);
        assertSize(ChartFiles.COMPARISON, ComparisonCharts.PANEL_WIDTH * ComparisonCharts.PANEL_COLUMNS,
                ComparisonCharts.PANEL_HEIGHT * ComparisonCharts.PANEL_ROWS);
        assertSize(ChartFiles.ACCURACY_VS_LATENCY, ComparisonCharts.SCATTER_WIDTH, ComparisonCharts.SCATTER_HEIGHT);
        assertSize(ChartFiles.MISCLASSIFIED, MisclassifiedGallery.width(),
                MisclassifiedGallery.height(ensembleErrors()));
    }

    @Test
    void galleryShowsTheMisclassifiedDigitsInk() throws IOException {
        assertTrue(ensembleErrors() > 0, "the synthetic run must contain ensemble errors to draw");
        BufferedImage gallery = ImageIO.read(file(ChartFiles.MISCLASSIFIED).toFile());
        // The first tile's bar (ink = 255) is drawn black: look for dark pixels inside the first tile.
        int dark = 0;
        for (int y = MisclassifiedGallery.HEADER; y < MisclassifiedGallery.HEADER + MisclassifiedGallery.TILE; y++) {
            for (int x = MisclassifiedGallery.GAP; x < MisclassifiedGallery.GAP + MisclassifiedGallery.TILE; x++) {
                if ((gallery.getRGB(x, y) & 0xff) < 40) {
                    dark++;
                }
            }
        }
        assertTrue(dark >= 20 * MisclassifiedGallery.SCALE * MisclassifiedGallery.SCALE, "dark pixels: " + dark);
    }

    @Test
    void markdownHasTheTablesChartsAndComparison() throws IOException {
        String md = Files.readString(file("report.md"));

        assertTrue(md.contains("| cnn | " + ModelComparison.percent(run.models().get(3).metrics().accuracy())), md);
        assertTrue(md.contains("**Most accurate:** cnn"), md);
        assertTrue(md.contains("**Cheapest to compute:** mlp"), md);
        assertTrue(md.contains("**Fastest in ONNX Runtime:** mlp"), md);
        assertTrue(md.contains("Errs most on"), md);
        assertTrue(md.contains("the best single model, cnn"), md);
        assertTrue(md.contains("Its weights were fitted on the validation split (mlp "), md);
        assertTrue(md.contains("| **ensemble** (weights mlp "), md);
        assertTrue(md.contains("### gru"), "trial table per model");
        assertTrue(md.contains("## Degraded test digits"), md);
        assertTrue(md.contains("| thick pen (3x3 dilation) |"), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| cnn | %.2f %% | %.2f %% (+0.00) |",
                100 * run.models().get(3).metrics().accuracy(), 100 * run.models().get(3).metrics().accuracy())), md);
        for (String png : List.of("learning-loss.png", "comparison.png", "confusion-ensemble.png",
                "misclassified.png", "accuracy-vs-latency.png")) {
            assertTrue(md.contains("](" + png + ")"), "markdown links " + png);
        }
    }

    @Test
    void htmlIsSelfContainedAndShowsTheSameContent() throws IOException {
        String page = Files.readString(html);

        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<table>"), "markdown tables are rendered as HTML tables");
        assertTrue(page.contains("<img src=\"confusion-cnn.png\""), page);
        assertTrue(page.contains("<strong>Most accurate:</strong> cnn"), page);
        assertFalse(page.contains("http://") || page.contains("https://"), "the page fetches nothing");
        assertFalse(page.contains("<script"), "no scripts");
    }

    @Test
    void everyChartWrittenIsAPlausiblePngWithSomethingDrawnOnIt() throws IOException {
        Set<String> expected = new TreeSet<>(List.of(ChartFiles.LEARNING_LOSS, ChartFiles.LEARNING_ACCURACY,
                ChartFiles.COMPARISON, ChartFiles.ACCURACY_VS_LATENCY, ChartFiles.MISCLASSIFIED,
                "confusion-mlp.png", "confusion-rnn.png", "confusion-gru.png", "confusion-cnn.png",
                "confusion-ensemble.png"));
        assertEquals(expected, pngFiles(), "the charts in the run directory");
        for (String name : expected) {
            BufferedImage image = ImageIO.read(file(name).toFile());
            assertNotNull(image, name + " is not a readable PNG");
            assertTrue(image.getWidth() >= 200 && image.getWidth() <= 4000, name + " width " + image.getWidth());
            assertTrue(image.getHeight() >= 100 && image.getHeight() <= 4000, name + " height " + image.getHeight());
            // A chart has a background, axes or tiles, text and data: many colours, not one background colour.
            Set<Integer> colours = new HashSet<>();
            int background = image.getRGB(0, 0);
            long notBackground = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    colours.add(rgb);
                    notBackground += rgb == background ? 0 : 1;
                }
            }
            assertTrue(colours.size() >= 16, name + " has only " + colours.size() + " colours");
            assertTrue(notBackground >= image.getWidth() * (long) image.getHeight() / 50,
                    name + ": only " + notBackground + " pixels differ from the background");
        }
    }

    @Test
    void everyConfusionMatrixInMetricsJsonAccountsForEveryTestImageOnce() throws IOException {
        JsonNode root = new ObjectMapper().readTree(file("metrics.json").toFile());
        int testCount = root.path("run").path("testCount").asInt();
        assertEquals(run.testLabels().length, testCount);
        int[] labelled = new int[10];
        for (int label : run.testLabels()) {
            labelled[label]++;
        }
        List<JsonNode> tests = new ArrayList<>();
        root.path("models").forEach(model -> tests.add(model.path("test")));
        tests.add(root.path("ensemble").path("test"));
        assertEquals(5, tests.size());
        for (JsonNode test : tests) {
            JsonNode confusion = test.path("confusion");
            assertEquals(10, confusion.size());
            long total = 0;
            long correct = 0;
            for (int digit = 0; digit < 10; digit++) {
                JsonNode row = confusion.get(digit);
                assertEquals(10, row.size());
                long rowSum = 0;
                for (JsonNode count : row) {
                    assertTrue(count.asInt() >= 0, "a count below zero: " + row);
                    rowSum += count.asInt();
                }
                assertEquals(labelled[digit], rowSum, "row " + digit + " holds every test image of that digit");
                total += rowSum;
                correct += row.get(digit).asInt();
            }
            assertEquals(testCount, total, "the confusion matrix sums to the test count");
            assertEquals((double) correct / testCount, test.path("accuracy").asDouble(), 1e-12,
                    "accuracy is the diagonal's share");
        }
    }

    @Test
    void bothReportsShowEveryModelsAccuracyAsWrittenInMetricsJson() throws IOException {
        JsonNode root = new ObjectMapper().readTree(file("metrics.json").toFile());
        String md = Files.readString(file("report.md"));
        String page = Files.readString(html);
        for (JsonNode model : root.path("models")) {
            String name = model.path("name").asText();
            String accuracy = percent(model.path("test").path("accuracy").asDouble());
            assertTrue(md.contains("\n| " + name + " | " + accuracy + " | "), name + " " + accuracy + " in\n" + md);
            assertTrue(Pattern.compile("<tr>\\s*<td>" + name + "</td>\\s*<td[^>]*>" + Pattern.quote(accuracy)
                    + "</td>").matcher(page).find(), name + " " + accuracy + " in\n" + page);
        }
        String ensemble = percent(root.path("ensemble").path("test").path("accuracy").asDouble());
        assertTrue(md.contains("| **ensemble** (weights "), md);
        assertTrue(md.contains(" | **" + ensemble + "** | "), "ensemble " + ensemble + " in\n" + md);
        assertTrue(Pattern.compile("<tr>\\s*<td><strong>ensemble</strong>[^<]*</td>\\s*<td[^>]*><strong>"
                + Pattern.quote(ensemble) + "</strong></td>").matcher(page).find(),
                "ensemble " + ensemble + " in\n" + page);
    }

    @Test
    void bothReportsShowExactlyTheChartsWritten() throws IOException {
        Set<String> written = pngFiles();
        assertEquals(written, references(Files.readString(html), "<img src=\"([^\"]+)\""), "images in report.html");
        assertEquals(written, references(Files.readString(file("report.md")), "!\\[[^\\]]*\\]\\(([^)]+)\\)"),
                "images in report.md");
    }

    @Test
    void writesAReportForARunOfASingleModel() throws IOException {
        RunResult full = SyntheticRun.create();
        ModelResult gru = full.models().get(2);
        RunResult single = new RunResult(full.runId(), full.profile(), full.seed(), full.augmentation(),
                full.startedAt(), full.wallSeconds(), full.machine(), full.trainCount(), full.validationCount(),
                full.testCount(), full.testLabels(), full.testPixels(), List.of(gru), gru.testProbabilities(),
                gru.metrics(), new EnsembleFit(new double[] {1.0}, 0.2, 0.2, gru.metrics()));

        Path page = ReportWriter.write(single, runDir.resolve("single"));

        String md = Files.readString(page.resolveSibling("report.md"));
        assertTrue(md.contains("Only gru was trained in this run"), md);
        assertTrue(md.contains("ties with the best single model, gru"), md);
        assertTrue(Files.isRegularFile(page.resolveSibling("confusion-gru.png")));
        assertFalse(Files.exists(page.resolveSibling("confusion-mlp.png")));
    }

    @Test
    void refusesARunWhoseSizesDisagree() {
        RunResult good = SyntheticRun.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunResult(
                good.runId(), good.profile(), good.seed(), good.augmentation(), good.startedAt(), good.wallSeconds(),
                good.machine(), good.trainCount(), good.validationCount(), good.testCount(),
                Arrays.copyOf(good.testLabels(), good.testCount() - 1), good.testPixels(), good.models(),
                good.ensembleProbabilities(), good.ensemble(), good.ensembleFit()));
        assertTrue(e.getMessage().contains("test labels"), e.getMessage());
    }

    @Test
    void refusesARunWithOneEnsembleWeightTooFew() {
        RunResult good = SyntheticRun.create();
        EnsembleFit threeWeights = new EnsembleFit(new double[] {0.2, 0.3, 0.5}, 0.1, 0.2, good.ensemble());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunResult(
                good.runId(), good.profile(), good.seed(), good.augmentation(), good.startedAt(), good.wallSeconds(),
                good.machine(), good.trainCount(), good.validationCount(), good.testCount(), good.testLabels(),
                good.testPixels(), good.models(), good.ensembleProbabilities(), good.ensemble(), threeWeights));
        assertTrue(e.getMessage().contains("3 ensemble weights for 4 models"), e.getMessage());
    }

    private static int ensembleErrors() {
        int[] predicted = VoteMatrices.argmax(run.ensembleProbabilities());
        int errors = 0;
        for (int i = 0; i < predicted.length; i++) {
            errors += predicted[i] == run.testLabels()[i] ? 0 : 1;
        }
        return errors;
    }

    private static Set<String> pngFiles() throws IOException {
        try (Stream<Path> files = Files.list(html.getParent())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".png"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> references(String text, String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** Accuracy as the reports print it: a percentage with two decimals. */
    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    private static void assertSize(String name, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file(name).toFile());
        assertNotNull(image, name + " is not a readable PNG");
        assertEquals(width, image.getWidth(), name + " width");
        assertEquals(height, image.getHeight(), name + " height");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
