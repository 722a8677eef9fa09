package io.digitstream.inference.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.simulator.SimulatorCli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The whole pipeline, live: the real producer simulator publishes MNIST scans (PNG) and their labels to the embedded
 * broker, the service predicts them with the quick-trained models and its Kafka Streams topology computes the metrics,
 * and a real headless Chromium shows the dashboard meanwhile. The page must render charts, the newest digits and the
 * review queue from that live data; the simulator must then report zero loss and no duplicates, with every model.
 * The screenshot is kept at {@code target/dashboard-test/dashboard.png}.
 */
@QuarkusTest
@TestProfile(ShortWindowsProfile.class)
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class LivePipelineDashboardTest {

    private static final Path OUTPUT = Path.of("target", "dashboard-test");
    private static final String SIMULATED_DURATION = "40s";
    private static final Duration PAGE_DEADLINE = Duration.ofMinutes(2);

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void dashboardShowsTheLivePipelineAndTheSimulatorLosesNothing() throws Exception {
        Files.createDirectories(OUTPUT);
        Path report = OUTPUT.resolve("pipeline-report.json");
        Files.deleteIfExists(report);
        List<String> models = given().get("/api/models").then().statusCode(200).extract().jsonPath()
                .getList("champion.manifest.models.name");
        assertFalse(models.isEmpty(), "the service runs at least one model");

        ByteArrayOutputStream simulatorOutput = new ByteArrayOutputStream();
        CompletableFuture<Integer> simulator = runSimulator(report, simulatorOutput);
        // Form fields beside the digits, fewer: the page's fields tile and newest fields must show them too.
        Path fieldsReport = OUTPUT.resolve("fields-report.json");
        Files.deleteIfExists(fieldsReport);
        ByteArrayOutputStream fieldsOutput = new ByteArrayOutputStream();
        CompletableFuture<Integer> fieldsSimulator = runSimulator(fieldsOutput, "--source", "fields", "--rate", "3",
                "--duration", SIMULATED_DURATION, "--wait-for-predictions", "60s", "--report-json",
                fieldsReport.toString());

        ChromeDriver browser = HeadlessChromium.start(OUTPUT.resolve("chromium-profile-" + UUID.randomUUID()));
        try {
            browser.get(dashboard.toString());
            new WebDriverWait(browser, PAGE_DEADLINE, Duration.ofSeconds(1)).until(page -> liveDataRendered(browser));
            assertChartsShowEveryModel(browser, models);
            assertRecentDigitsShowEveryModelsAnswer(browser, models);
            assertRecentFieldsShowBoxesAndEveryModelsReading(browser, models);
            assertReviewQueueListsFlaggedScans(browser);
            assertEquals("live", browser.findElement(By.id("status")).getAttribute("data-state"));
        } finally {
            Files.write(OUTPUT.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }

        int exitCode = simulator.get(3, TimeUnit.MINUTES);
        String log = simulatorOutput.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode, "simulator exit code; its output:\n" + log);
        assertReportShowsZeroLossForEveryModel(report, models);
        assertEquals(0, fieldsSimulator.get(3, TimeUnit.MINUTES),
                "fields simulator exit code; its output:\n" + fieldsOutput.toString(StandardCharsets.UTF_8));
        JsonNode fields = new ObjectMapper().readTree(fieldsReport.toFile());
        assertEquals(0, fields.get("lost").asLong(), "fields lost");
        assertEquals(fields.get("sent").asLong(), fields.get("fields").get("ensemble").get("fields").asLong());
    }

    private CompletableFuture<Integer> runSimulator(Path report, ByteArrayOutputStream output) {
        return runSimulator(output, "--encoding", "png", "--rate", "40", "--duration", SIMULATED_DURATION,
                "--wait-for-predictions", "60s", "--report-json", report.toString());
    }

    private CompletableFuture<Integer> runSimulator(ByteArrayOutputStream output, String... options) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers()));
        arguments.addAll(List.of(options));
        String[] args = arguments.toArray(String[]::new);
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                exitCode.complete(new CommandLine(new SimulatorCli(out, out)).execute(args));
            } catch (RuntimeException | Error e) {
                exitCode.completeExceptionally(e);
            }
        }, "producer-simulator");
        thread.setDaemon(true);
        thread.start();
        return exitCode;
    }

    /** Several closed windows on every chart, thumbnails decoded, and at least one review item listed. */
    private static boolean liveDataRendered(ChromeDriver browser) {
        Object ready = browser.executeScript("""
                if (typeof Chart === 'undefined') return false;
                const points = id => { const c = Chart.getChart(id); return c ? c.data.labels.length : 0; };
                const someValue = id => Chart.getChart(id).data.datasets.some(d => d.data.some(v => v !== null));
                const images = [...document.querySelectorAll('#recent .digit-card img.thumb')]
                    .filter(img => img.complete && img.naturalWidth > 0).length;
                return ['accuracy-chart', 'latency-chart', 'throughput-chart'].every(id => points(id) >= 3 && someValue(id))
                    && images >= 6
                    && document.querySelectorAll('#review tbody tr:not(.field-row)').length >= 1
                    && document.querySelectorAll('#recent-fields .field-card .digit-box').length >= 2
                    && document.getElementById('kpi-fields').textContent.endsWith('%');
                """);
        return Boolean.TRUE.equals(ready);
    }

    @SuppressWarnings("unchecked")
    private static void assertChartsShowEveryModel(ChromeDriver browser, List<String> models) {
        Map<String, Object> charts = (Map<String, Object>) browser.executeScript("""
                const read = id => Chart.getChart(id).data.datasets.map(d => ({label: d.label, data: d.data}));
                return {accuracy: read('accuracy-chart'), latency: read('latency-chart'), throughput: read('throughput-chart')};
                """);
        List<String> singleModels = models.stream().sorted().toList();
        List<String> withEnsemble = new ArrayList<>(singleModels);
        withEnsemble.add("ensemble");

        List<Map<String, Object>> accuracy = (List<Map<String, Object>>) charts.get("accuracy");
        assertEquals(withEnsemble, labels(accuracy), "accuracy series");
        for (Map<String, Object> series : accuracy) {
            for (Number value : values(series)) {
                assertTrue(value.doubleValue() >= 0 && value.doubleValue() <= 1, series.get("label") + " accuracy " + value);
            }
        }
        List<Number> ensembleAccuracy = values(accuracy.get(accuracy.size() - 1));
        double latest = ensembleAccuracy.get(ensembleAccuracy.size() - 1).doubleValue();
        assertTrue(latest >= 0.75, "latest rolling ensemble accuracy " + latest);

        List<Map<String, Object>> latency = (List<Map<String, Object>>) charts.get("latency");
        assertEquals(singleModels, labels(latency), "latency series: one per model");
        for (Map<String, Object> series : latency) {
            List<Number> values = values(series);
            values.forEach(value -> assertTrue(value.doubleValue() >= 0, series.get("label") + " latency " + value));
            assertTrue(values.stream().anyMatch(value -> value.doubleValue() > 0), series.get("label") + " latency");
        }

        List<Map<String, Object>> throughput = (List<Map<String, Object>>) charts.get("throughput");
        assertTrue(values(throughput.get(0)).stream().anyMatch(v -> v.doubleValue() > 0), "throughput above zero");
        assertTrue(Long.parseLong(browser.findElement(By.id("kpi-predicted")).getText()) > 0, "predicted tile");
    }

    /** Read in one script run: the page redraws every second, so element handles would go stale between calls. */
    @SuppressWarnings("unchecked")
    private static void assertRecentDigitsShowEveryModelsAnswer(ChromeDriver browser, List<String> models) {
        List<Map<String, Object>> cards = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll('#recent .digit-card')].map(card => ({
                    id: card.dataset.id,
                    digit: card.querySelector('.predicted-digit').textContent,
                    votes: [...card.querySelectorAll('.vote')].map(vote => vote.textContent)}));
                """);
        assertFalse(cards.isEmpty());
        for (Map<String, Object> card : cards) {
            Object id = card.get("id");
            assertTrue(card.get("digit").toString().matches("[0-9]"), "digit of " + id);
            List<String> votes = (List<String>) card.get("votes");
            assertEquals(models.size(), votes.size(), "one answer per model for " + id + ": " + votes);
            votes.forEach(vote -> assertTrue(vote.matches("[a-z0-9_-]+ [0-9]"), "vote " + vote));
        }
    }

    /** Each newest field: its reading, every model's, and (its scan loaded) one box per digit read. */
    @SuppressWarnings("unchecked")
    private static void assertRecentFieldsShowBoxesAndEveryModelsReading(ChromeDriver browser, List<String> models) {
        List<Map<String, Object>> cards = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll('#recent-fields .field-card')].map(card => ({
                    id: card.dataset.id,
                    value: card.querySelector('.field-value-read').textContent,
                    loaded: !!card.querySelector('img.field-thumb') && card.querySelector('img.field-thumb').complete,
                    boxes: card.querySelectorAll('.digit-box').length,
                    label: card.querySelector('.label').textContent,
                    votes: [...card.querySelectorAll('.vote')].map(vote => vote.textContent)}));
                """);
        assertFalse(cards.isEmpty());
        assertTrue(cards.stream().anyMatch(card -> ((Number) card.get("boxes")).intValue() > 0), "boxes drawn: " + cards);
        for (Map<String, Object> card : cards) {
            Object id = card.get("id");
            String value = card.get("value").toString();
            assertTrue(value.matches("[0-9]{1,32}|\\(none\\)"), "reading of " + id + ": " + value);
            if (Boolean.TRUE.equals(card.get("loaded")) && ((Number) card.get("boxes")).intValue() > 0) {
                assertEquals(value.length(), ((Number) card.get("boxes")).intValue(), "a box per digit of " + id);
            }
            assertTrue(card.get("label").toString().matches("true digits ([0-9]{3,10}|pending)"), card.get("label").toString());
            List<String> votes = (List<String>) card.get("votes");
            assertEquals(models.size(), value.startsWith("(") ? models.size() : votes.size(),
                    "one reading per model for " + id + ": " + votes);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertReviewQueueListsFlaggedScans(ChromeDriver browser) {
        Map<String, Object> review = (Map<String, Object>) browser.executeScript("""
                return {
                    flagged: document.getElementById('kpi-review').textContent,
                    reasons: [...document.querySelectorAll('#review tbody tr:not(.field-row) .reason')]
                        .map(cell => cell.textContent)};
                """);
        List<String> reasons = (List<String>) review.get("reasons");
        assertFalse(reasons.isEmpty());
        reasons.forEach(reason -> assertTrue(Set.of("low-confidence", "disagreement").contains(reason), reason));
        long flagged = Long.parseLong(review.get("flagged").toString());
        assertTrue(flagged >= reasons.size(), "flagged total " + flagged + " vs rows " + reasons.size());

        // A reviewer answers the first item with the page's own button: it is saved and leaves the queue.
        String answered = (String) browser.executeScript("""
                const row = document.querySelector('#review tbody tr.review-row:not(.field-row)');
                row.querySelectorAll('button.answer-button')[3].click();
                return row.dataset.id;
                """);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        io.restassured.path.json.JsonPath queue;
        do {
            queue = io.restassured.RestAssured.given().get("/api/review").then().statusCode(200).extract().jsonPath();
        } while ((queue.getLong("totalAnswered") < 1 || queue.getList("newest.id").contains(answered))
                && System.nanoTime() < deadline);
        assertTrue(queue.getLong("totalAnswered") >= 1, "the answer was saved");
        assertFalse(queue.getList("newest.id").contains(answered), "the answered item left the queue");
    }

    private static void assertReportShowsZeroLossForEveryModel(Path reportFile, List<String> models) throws Exception {
        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        long sent = report.get("sent").asLong();
        assertTrue(sent >= 200, "images sent in " + SIMULATED_DURATION + ": " + sent);
        assertEquals(0, report.get("sendFailures").asLong());
        assertEquals(sent, report.get("predicted").asLong(), "predicted");
        assertEquals(0, report.get("lost").asLong(), "lost");
        assertEquals(0, report.get("duplicated").asLong(), "duplicated");
        assertEquals(0, report.get("malformed").asLong(), "malformed");
        assertTrue(report.get("successful").asBoolean());
        assertTrue(report.get("throughputPerSecond").asDouble() > 0);

        JsonNode latency = report.get("endToEndLatencyMs");
        assertEquals(sent, latency.get("count").asLong(), "one end-to-end latency per image");
        assertTrue(latency.get("p50").asDouble() > 0);
        assertTrue(latency.get("p50").asDouble() <= latency.get("p95").asDouble());
        assertTrue(latency.get("p95").asDouble() <= latency.get("p99").asDouble());
        assertTrue(latency.get("p99").asDouble() <= latency.get("max").asDouble());

        JsonNode perModel = report.get("models");
        assertEquals(Set.copyOf(models), Set.copyOf(fieldNames(perModel)), "models in the report");
        for (String model : models) {
            assertEquals(sent, perModel.get(model).get("predictions").asLong(), model + " predictions");
            assertTrue(perModel.get(model).get("accuracy").asDouble() >= 0.5, model + " accuracy");
        }
        assertEquals(sent, report.get("ensemble").get("labelled").asLong(), "every image labelled");
        assertTrue(report.get("ensemble").get("accuracy").asDouble() >= 0.85, "ensemble accuracy");
    }

    @SuppressWarnings("unchecked")
    private static List<Number> values(Map<String, Object> series) {
        return ((List<Object>) series.get("data")).stream()
                .filter(Number.class::isInstance)
                .map(Number.class::cast)
                .toList();
    }

    private static List<Object> labels(List<Map<String, Object>> datasets) {
        return datasets.stream().map(d -> d.get("label")).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
