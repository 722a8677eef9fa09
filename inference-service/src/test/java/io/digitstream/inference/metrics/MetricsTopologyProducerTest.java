package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.fieldLabel;
import static io.digitstream.inference.metrics.Events.fieldReading;
import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.model;
import static io.digitstream.inference.metrics.Events.prediction;
import static io.digitstream.inference.metrics.Events.unanimous;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.ChallengerPrediction;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.FieldMetrics;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldReadingSerde;
import io.digitstream.schemas.LatencySummary;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.Topics;
import io.digitstream.schemas.WindowKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the metrics topology with hand-made event sequences and checks the published windows against values
 * computed by hand (two models, {@code mlp} and {@code cnn}, plus the ensemble; windows of 60 s every 10 s, 10 s
 * grace, labels joined up to 5 minutes apart, images remembered for 15 minutes).
 */
class MetricsTopologyProducerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double EXACT = 1e-9;
    // HdrHistogram keeps two significant digits (LatencyHistogram): within 1 %.
    private static final double HISTOGRAM_PRECISION = 1e-2;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, DigitPrediction> predictions;
    private TestInputTopic<String, DigitLabel> labels;
    private TestInputTopic<String, byte[]> rawPredictions;
    private TestInputTopic<String, byte[]> rawLabels;
    private TestInputTopic<String, FieldReading> fieldReadings;
    private TestInputTopic<String, FieldLabel> fieldLabels;
    private TestInputTopic<String, byte[]> rawFieldReadings;
    private TestInputTopic<String, byte[]> rawFieldLabels;
    private TestOutputTopic<String, ModelMetrics> metrics;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Every update goes through the stores and their serdes, as it would at each commit.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        MetricsTopologyProducer producer = new MetricsTopologyProducer(TestMetricsConfig.defaults(),
                TestMetricsConfig.TIME_WINDOW, TestMetricsConfig.MAX_PAYLOAD_BYTES,
                new DeadLetters(TestMetricsConfig.MAX_RECORD_BYTES, new TopologyFailureMeters(new SimpleMeterRegistry())),
                Clock.fixed(T0, ZoneOffset.UTC),
                TestMetricsConfig.TOPICS);
        // The wall clock an hour after T0: every event of these tests (T0 to T0 + 62 min) is plausible then.
        driver = new TopologyTestDriver(producer.buildTopology(), props, T0.plus(Duration.ofHours(1)));
        predictions = driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(),
                new DigitPredictionSerde.Serializer());
        labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new DigitLabelSerde.Serializer());
        rawPredictions = driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(), new ByteArraySerializer());
        rawLabels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new ByteArraySerializer());
        fieldReadings = driver.createInputTopic(Topics.FIELD_READINGS, new StringSerializer(),
                new FieldReadingSerde.Serializer());
        fieldLabels = driver.createInputTopic(Topics.FIELD_LABELS, new StringSerializer(), new FieldLabelSerde.Serializer());
        rawFieldReadings = driver.createInputTopic(Topics.FIELD_READINGS, new StringSerializer(), new ByteArraySerializer());
        rawFieldLabels = driver.createInputTopic(Topics.FIELD_LABELS, new StringSerializer(), new ByteArraySerializer());
        metrics = driver.createOutputTopic(Topics.METRICS, new StringDeserializer(), new ModelMetricsSerde.Deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /**
     * Images a, b, c, d at T0+1..4 s. a is labelled before its prediction, b and c after; c's prediction and a's label
     * arrive twice (a's second time with a different digit); d never gets a label.
     * <pre>
     *          true  mlp (conf, ms)   cnn (conf, ms)   ensemble (conf)  end-to-end
     *   a      3     3 (0.95, 1)      3 (0.90, 2)      3 (0.95)         100 ms
     *   b      5     6 (0.55, 2)      3 (0.80, 2)      5 (0.60)         200 ms
     *   c      7     7 (0.85, 3)      7 (0.60, 2)      7 (0.70)         300 ms
     *   d      -     0 (0.25, 4)      0 (0.50, 2)      0 (0.40)         400 ms
     * </pre>
     */
    @Test
    void rollingWindowCountsEachPredictionAndLabelOnceWhateverTheOrder() {
        DigitPrediction c = prediction("c", T0.plusSeconds(3), Duration.ofMillis(300), model("mlp", 7, 0.85, 3),
                model("cnn", 7, 0.60, 2), 7, 0.70);
        labels.pipeInput("a", label("a", 3, T0.plusMillis(500)));
        predictions.pipeInput("a", prediction("a", T0.plusSeconds(1), Duration.ofMillis(100), model("mlp", 3, 0.95, 1),
                model("cnn", 3, 0.90, 2), 3, 0.95));
        predictions.pipeInput("b", prediction("b", T0.plusSeconds(2), Duration.ofMillis(200), model("mlp", 6, 0.55, 2),
                model("cnn", 3, 0.80, 2), 5, 0.60));
        predictions.pipeInput("c", c);
        predictions.pipeInput("d", prediction("d", T0.plusSeconds(4), Duration.ofMillis(400), model("mlp", 0, 0.25, 4),
                model("cnn", 0, 0.50, 2), 0, 0.40));
        labels.pipeInput("b", label("b", 5, T0.plusSeconds(5)));
        predictions.pipeInput("c", c);
        labels.pipeInput("c", label("c", 7, T0.plusSeconds(7)));
        labels.pipeInput("a", label("a", 3, T0.plusSeconds(8)));
        labels.pipeInput("a", label("a", 4, T0.plusMillis(8500)));
        assertTrue(metrics.isEmpty(), "no window may close before stream time passes its end plus the grace");

        // Stream time T0+75 s closes every window that ends by T0+65 s: the six that hold a..d.
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(75), 1));
        List<ModelMetrics> published = metrics.readValuesToList();

        List<ModelMetrics> rolling = published.stream().filter(m -> m.window() == WindowKind.ROLLING).toList();
        assertEquals(18, rolling.size(), "six windows for each of mlp, cnn and ensemble");
        for (ModelMetrics window : rolling) {
            assertEquals(4, window.predictedCount(), () -> "repeated c counted again in " + window);
            assertEquals(3, window.labelledCount(), () -> "repeated label of a counted again in " + window);
        }

        ModelMetrics mlp = rollingWindow(rolling, "mlp", T0);
        assertAll("mlp, window [T0, T0+60s)",
                () -> assertEquals(T0.plusSeconds(60), mlp.windowEnd()),
                () -> assertEquals(2.0 / 3, mlp.accuracy(), EXACT),
                // Digits 3, 5, 6, 7 occur: precision 1, 0, 0, 1; recall 1, 0, 0, 1; F1 1, 0, 0, 1.
                () -> assertEquals(0.5, mlp.macroPrecision(), EXACT),
                () -> assertEquals(0.5, mlp.macroRecall(), EXACT),
                () -> assertEquals(0.5, mlp.macroF1(), EXACT),
                () -> assertLatency(new LatencySummary(2, 4, 4, 4), mlp.inferenceLatencyMs()),
                () -> assertLatency(new LatencySummary(200, 400, 400, 400), mlp.endToEndLatencyMs()),
                () -> assertEquals(4 / 60.0, mlp.throughputPerSecond(), EXACT),
                () -> assertEquals(0.65, mlp.meanConfidence(), EXACT),
                () -> assertEquals(List.of(0L, 0L, 1L, 0L, 0L, 1L, 0L, 0L, 1L, 1L), mlp.confidenceHistogram()),
                () -> assertEquals(List.of(1L, 0L, 0L, 1L, 0L, 0L, 1L, 1L, 0L, 0L), mlp.predictedClassCounts()),
                // 0.25 on digits 0, 3, 6, 7 (floored to 1e-4 elsewhere) against the MNIST training frequencies.
                () -> assertEquals(4.651274, mlp.populationStabilityIndex(), 1e-6),
                () -> assertEquals(T0, mlp.emittedAt()));

        ModelMetrics cnn = rollingWindow(rolling, "cnn", T0);
        assertAll("cnn, window [T0, T0+60s)",
                () -> assertEquals(2.0 / 3, cnn.accuracy(), EXACT),
                // Digits 3, 5, 7 occur: precision 1/2, 0, 1; recall 1, 0, 1; F1 2/3, 0, 1.
                () -> assertEquals(0.5, cnn.macroPrecision(), EXACT),
                () -> assertEquals(2.0 / 3, cnn.macroRecall(), EXACT),
                () -> assertEquals(5.0 / 9, cnn.macroF1(), EXACT),
                () -> assertLatency(new LatencySummary(2, 2, 2, 2), cnn.inferenceLatencyMs()),
                () -> assertEquals(0.7, cnn.meanConfidence(), EXACT));

        ModelMetrics ensemble = rollingWindow(rolling, "ensemble", T0);
        assertAll("ensemble, window [T0, T0+60s)",
                () -> assertEquals(1.0, ensemble.accuracy(), EXACT),
                () -> assertEquals(1.0, ensemble.macroF1(), EXACT),
                // Its inference time is the sum of the models': 3, 4, 5, 6 ms.
                () -> assertLatency(new LatencySummary(4, 6, 6, 6), ensemble.inferenceLatencyMs()),
                () -> assertEquals(0.6625, ensemble.meanConfidence(), EXACT));

        // The first window holding a..d starts 50 s before T0 and has the same counts.
        assertEquals(mlp.accuracy(), rollingWindow(rolling, "mlp", T0.minusSeconds(50)).accuracy());

        List<ModelMetrics> cumulative = published.stream().filter(m -> m.window() == WindowKind.CUMULATIVE).toList();
        assertEquals(List.of("cnn", "ensemble", "mlp"), cumulative.stream().map(ModelMetrics::model).sorted().toList());
        ModelMetrics mlpSoFar = cumulative.stream().filter(m -> m.model().equals("mlp")).findFirst().orElseThrow();
        assertAll("mlp, cumulative including the tick",
                () -> assertEquals(5, mlpSoFar.predictedCount()),
                () -> assertEquals(3, mlpSoFar.labelledCount()),
                () -> assertEquals(2.0 / 3, mlpSoFar.accuracy(), EXACT),
                () -> assertEquals(T0.plusSeconds(1), mlpSoFar.windowStart()),
                () -> assertEquals(T0.plusSeconds(75), mlpSoFar.windowEnd()),
                () -> assertEquals(5 / 74.0, mlpSoFar.throughputPerSecond(), EXACT));
    }

    /**
     * The champion (version 1: mlp and cnn) says 3 for both images; the challenger (version 2: a cnn) says 3 and 8.
     * The truth is 3 and 8: the challenger is right twice, the champion once, and neither series mixes with the other.
     */
    @Test
    void aChallengerIsScoredOnTheSameImagesUnderItsOwnSeries() {
        for (String id : List.of("s1", "s2")) {
            int challengerDigit = id.equals("s1") ? 3 : 8;
            DigitPrediction champion = unanimous(id, T0.plusSeconds(1), 3);
            ChallengerPrediction challenger = new ChallengerPrediction("2",
                    List.of(new ModelPrediction("cnn", "2", challengerDigit, 0.9,
                            model("cnn", challengerDigit, 0.9, 2.0).probabilities(), 2.0)),
                    new EnsemblePrediction(challengerDigit, 0.9, model("cnn", challengerDigit, 0.9, 2.0).probabilities()),
                    true);
            predictions.pipeInput(id, new DigitPrediction(id, champion.models(), champion.ensemble(), true,
                    champion.capturedAt(), champion.receivedAt(), champion.predictedAt(), "1", challenger));
            labels.pipeInput(id, label(id, challengerDigit, T0.plusSeconds(2)));
        }
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(75), 1));

        var records = metrics.readRecordsToList();
        List<ModelMetrics> published = records.stream().map(record -> record.value()).toList();
        assertTrue(records.stream().anyMatch(record -> record.key().equals(MetricSeries.key(ModelRole.CHALLENGER, "cnn", "2"))),
                "the challenger's records are keyed by its series");
        ModelMetrics challengerCnn = published.stream().filter(m -> m.role() == ModelRole.CHALLENGER
                && m.model().equals("cnn") && m.window() == WindowKind.CUMULATIVE).reduce((a, b) -> b).orElseThrow();
        ModelMetrics championCnn = published.stream().filter(m -> m.role() == ModelRole.CHAMPION
                && m.model().equals("cnn") && m.window() == WindowKind.CUMULATIVE).reduce((a, b) -> b).orElseThrow();
        ModelMetrics challengerEnsemble = published.stream().filter(m -> m.role() == ModelRole.CHALLENGER
                && m.model().equals("ensemble") && m.window() == WindowKind.CUMULATIVE).reduce((a, b) -> b).orElseThrow();
        assertAll(
                () -> assertEquals("2", challengerCnn.version()),
                () -> assertEquals("1", championCnn.version()),
                () -> assertEquals(2, challengerCnn.predictedCount(), "s1 and s2, not the champion's tick"),
                () -> assertEquals(2, challengerCnn.labelledCount()),
                () -> assertEquals(1.0, challengerCnn.accuracy(), EXACT),
                () -> assertEquals(2, championCnn.labelledCount()),
                () -> assertEquals(0.5, championCnn.accuracy(), EXACT),
                () -> assertEquals(1.0, challengerEnsemble.accuracy(), EXACT));
        assertNotNull(cumulativeStore().get(MetricSeries.key(ModelRole.CHALLENGER, "cnn", "2")),
                "the challenger's counts are kept under its own key");
    }

    @Test
    void labelsJoinUpToTheMaximumDelayInEitherOrder() {
        predictions.pipeInput("x", unanimous("x", T0, 2));
        labels.pipeInput("y", label("y", 4, T0.plusSeconds(1)));
        predictions.pipeInput("z", unanimous("z", T0.plusSeconds(2), 6));
        labels.pipeInput("x", label("x", 2, T0.plusSeconds(300)));                 // exactly 5 min after: joined
        predictions.pipeInput("y", unanimous("y", T0.plusSeconds(301), 4));        // exactly 5 min after: joined
        labels.pipeInput("z", label("z", 6, T0.plusSeconds(302).plusMillis(1)));   // 1 ms too late: not joined

        MetricsAccumulator ensemble = cumulativeStore().get(Events.series("ensemble"));
        ModelMetrics soFar = ensemble.toModelMetrics(Events.series("ensemble"), WindowKind.CUMULATIVE, T0, T0, Duration.ZERO,
                new PopulationStabilityIndex(TestMetricsConfig.MNIST_TRAINING_CLASS_COUNTS), T0);
        assertEquals(3, soFar.predictedCount());
        assertEquals(2, soFar.labelledCount(), "x and y are joined, z's label came too late");
        assertEquals(1.0, soFar.accuracy(), EXACT);
    }

    @Test
    void imagesWithoutLabelsReportDriftAndConfidenceButNoQuality() {
        predictions.pipeInput("u1", unanimous("u1", T0.plusSeconds(1), 1));
        predictions.pipeInput("u2", unanimous("u2", T0.plusSeconds(2), 1));
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(75), 1));

        ModelMetrics window = rollingWindow(metrics.readValuesToList(), "ensemble", T0);
        assertEquals(2, window.predictedCount());
        assertEquals(0, window.labelledCount());
        assertNull(window.accuracy());
        assertNull(window.macroPrecision());
        assertNull(window.macroRecall());
        assertNull(window.macroF1());
        assertEquals(0.9, window.meanConfidence(), EXACT);
        assertEquals(2, window.confidenceHistogram().get(9));
        // Everything on digit 1 (share 1) and 1e-4 elsewhere, against MNIST's 6742/60000 for digit 1.
        assertEquals(8.054030, window.populationStabilityIndex(), 1e-6);
    }

    @Test
    void lateEventsCountInTheirWindowWithinTheGraceAndAlwaysCumulatively() {
        predictions.pipeInput("p1", unanimous("p1", T0.plusSeconds(30), 1));
        predictions.pipeInput("p2", unanimous("p2", T0.plusSeconds(65), 1));
        predictions.pipeInput("p3", unanimous("p3", T0.plusSeconds(58), 1));   // 7 s late: within the 10 s grace
        predictions.pipeInput("p4", unanimous("p4", T0.plusSeconds(80), 1));   // closes every window ending by T0+70 s
        predictions.pipeInput("p5", unanimous("p5", T0.plusSeconds(5), 1));    // 75 s late: all its windows are closed

        List<ModelMetrics> published = metrics.readValuesToList();
        assertEquals(2, rollingWindow(published, "ensemble", T0).predictedCount(), "p1 and p3");
        assertEquals(3, rollingWindow(published, "ensemble", T0.plusSeconds(10)).predictedCount(), "p1, p2 and p3");
        assertEquals(5, cumulativeStore().get(Events.series("ensemble")).toModelMetrics(Events.series("ensemble"), WindowKind.CUMULATIVE, T0, T0,
                Duration.ZERO, new PopulationStabilityIndex(TestMetricsConfig.MNIST_TRAINING_CLASS_COUNTS), T0)
                .predictedCount());
    }

    @Test
    void aQuietHourPublishesEachWindowWithDataOnceAndNothingForTheGap() {
        predictions.pipeInput("early", unanimous("early", T0.plusSeconds(1), 1));
        predictions.pipeInput("later", unanimous("later", T0.plusSeconds(3600), 2));   // an hour of silence
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(3700), 3));

        List<ModelMetrics> ensemble = metrics.readValuesToList().stream()
                .filter(m -> m.window() == WindowKind.ROLLING && m.model().equals("ensemble")).toList();
        List<Instant> starts = ensemble.stream().map(ModelMetrics::windowStart).toList();
        List<Instant> expected = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            expected.add(T0.minusSeconds(50).plusSeconds(10 * k));       // the six windows holding "early"
        }
        for (int k = 0; k < 6; k++) {
            expected.add(T0.plusSeconds(3550).plusSeconds(10 * k));      // the six holding "later"
        }
        assertEquals(expected, starts, "each window with data once, in time order, none for the silent hour");
        ensemble.forEach(window -> assertEquals(1, window.predictedCount(), () -> window.toString()));

        KeyValueStore<String, MetricsAccumulator> slices =
                driver.getKeyValueStore(MetricsStores.NAMES.rollingSlices());
        assertNull(slices.get(RollingWindowPublisher.sliceKey(Events.series("ensemble"), T0.toEpochMilli())),
                "a slice whose windows are all published is deleted");
        assertNotNull(slices.get(RollingWindowPublisher.sliceKey(Events.series("ensemble"), T0.plusSeconds(3700).toEpochMilli())),
                "the open slice is kept");
    }

    @Test
    void imagesAreForgottenOnceTheDedupRetentionHasPassed() {
        predictions.pipeInput("old", unanimous("old", T0, 3));
        KeyValueStore<String, ImageJoinState> images = driver.getKeyValueStore(MetricsStores.NAMES.imageJoin());
        assertNotNull(images.get("old"));

        predictions.pipeInput("new", unanimous("new", T0.plus(Duration.ofMinutes(17)), 3));
        assertNull(images.get("old"), "15 minutes of retention have passed in stream time");
        assertNotNull(images.get("new"));
        KeyValueStore<String, String> expiryIndex = driver.getKeyValueStore(MetricsStores.NAMES.imageExpiry());
        try (var entries = expiryIndex.all()) {
            assertEquals(List.of("new"), toList(entries).stream().map(entry -> entry.value).toList());
        }
    }

    @Test
    void badInputGoesToTheDeadLetterTopicUntouchedWithTheReason() {
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] labelTwelve = "{\"schemaVersion\":1,\"id\":\"q\",\"label\":12,\"labeledAt\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        rawPredictions.pipeInput("p", notJson);
        rawLabels.pipeInput("q", labelTwelve);
        labels.pipeInput("wrong-key", label("r", 1, T0));
        predictions.pipeInput("s", unanimous("s", T0, 8));

        List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
        assertEquals(3, rejected.size());
        assertEquals("p", rejected.get(0).key());
        assertEquals(new String(notJson, StandardCharsets.UTF_8), new String(rejected.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("invalid-json", header(rejected.get(0), DlqHeaders.REASON));
        assertEquals(Topics.PREDICTIONS, header(rejected.get(0), DlqHeaders.TOPIC));
        assertEquals("0", header(rejected.get(0), DlqHeaders.OFFSET));
        assertEquals("schema-violation", header(rejected.get(1), DlqHeaders.REASON));
        assertTrue(header(rejected.get(1), DlqHeaders.DETAIL).contains("$.label"),
                header(rejected.get(1), DlqHeaders.DETAIL));
        assertEquals(new String(labelTwelve, StandardCharsets.UTF_8), new String(rejected.get(1).value(), StandardCharsets.UTF_8));
        assertEquals("schema-violation", header(rejected.get(2), DlqHeaders.REASON));
        assertTrue(header(rejected.get(2), DlqHeaders.DETAIL).contains("'wrong-key'"));
        assertNotNull(cumulativeStore().get(Events.series("ensemble")), "the valid prediction after the bad ones is still counted");
    }

    /**
     * Fields f1..f4 read at T0+1..4 s by mlp, cnn and the ensemble; an image also named f1 is predicted and labelled
     * beside them. f1 is labelled before its reading, f2's reading arrives twice, f3's label twice (the second
     * different), f4 never gets a label.
     * <pre>
     *        truth   ensemble   mlp     cnn
     *   f1   123     123        123     128
     *   f2   4567    4567       4561    4567
     *   f3   89      8          8       3       (one digit found: the length is wrong)
     *   f4   -       00         00      00
     * </pre>
     * Digits right: ensemble 3+4+0 = 7 of 9, mlp 3+3+0 = 6, cnn 2+4+0 = 6. Exact: ensemble 2 of 3, mlp and cnn 1 each.
     */
    @Test
    void fieldsAreScoredAgainstTheirLabelsOnceEachBesideTheDigits() {
        fieldLabels.pipeInput("f1", fieldLabel("f1", "123", T0.plusMillis(500)));
        fieldReadings.pipeInput("f1", fieldReading("f1", T0.plusSeconds(1), "123", "123", "128"));
        FieldReading f2 = fieldReading("f2", T0.plusSeconds(2), "4567", "4561", "4567");
        fieldReadings.pipeInput("f2", f2);
        fieldReadings.pipeInput("f3", fieldReading("f3", T0.plusSeconds(3), "8", "8", "3"));
        fieldReadings.pipeInput("f4", fieldReading("f4", T0.plusSeconds(4), "00", "00", "00"));
        fieldReadings.pipeInput("f2", f2);
        fieldLabels.pipeInput("f2", fieldLabel("f2", "4567", T0.plusSeconds(5)));
        fieldLabels.pipeInput("f3", fieldLabel("f3", "89", T0.plusSeconds(6)));
        fieldLabels.pipeInput("f3", fieldLabel("f3", "8", T0.plusSeconds(7)));
        predictions.pipeInput("f1", unanimous("f1", T0.plusSeconds(1), 3));
        labels.pipeInput("f1", label("f1", 4, T0.plusSeconds(2)));

        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(75), 1));
        List<ModelMetrics> published = metrics.readValuesToList();

        ModelMetrics ensemble = rollingWindow(published, "ensemble", T0);
        assertAll("ensemble, window [T0, T0+60s)",
                () -> assertEquals(new FieldMetrics(4, 3, 2.0 / 3, 7.0 / 9, 2.0 / 3), ensemble.fields()),
                () -> assertEquals(1, ensemble.predictedCount(), "the image f1 only: field digits are not digit predictions"),
                () -> assertEquals(1, ensemble.labelledCount()),
                () -> assertEquals(0.0, ensemble.accuracy(), EXACT, "the image f1 (3, labelled 4) never met field f1"));
        assertEquals(new FieldMetrics(4, 3, 1.0 / 3, 6.0 / 9, 2.0 / 3), rollingWindow(published, "mlp", T0).fields());
        assertEquals(new FieldMetrics(4, 3, 1.0 / 3, 6.0 / 9, 2.0 / 3), rollingWindow(published, "cnn", T0).fields());
        ModelMetrics mlpSoFar = published.stream()
                .filter(m -> m.window() == WindowKind.CUMULATIVE && m.model().equals("mlp")).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(new FieldMetrics(4, 3, 1.0 / 3, 6.0 / 9, 2.0 / 3), mlpSoFar.fields(), "cumulative");
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void windowsWithoutFieldsLeaveTheFieldsOut() {
        predictions.pipeInput("u1", unanimous("u1", T0.plusSeconds(1), 1));
        fieldReadings.pipeInput("g1", fieldReading("g1", T0.plusSeconds(200), "12", "12", "12"));
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(300), 1));

        List<ModelMetrics> published = metrics.readValuesToList();
        assertNull(rollingWindow(published, "ensemble", T0).fields(), "no field in [T0, T0+60s)");
        assertEquals(new FieldMetrics(1, 0, null, null, null),
                rollingWindow(published, "ensemble", T0.plusSeconds(200)).fields(), "read, not labelled yet");
    }

    @Test
    void aFieldLabelBeyondTheMaximumDelayIsNotJoined() {
        fieldReadings.pipeInput("h1", fieldReading("h1", T0.plusSeconds(1), "12", "12", "12"));
        fieldLabels.pipeInput("h1", fieldLabel("h1", "12", T0.plusSeconds(1).plus(Duration.ofMinutes(6))));
        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(700), 1));
        ModelMetrics window = rollingWindow(metrics.readValuesToList(), "ensemble", T0);
        assertEquals(new FieldMetrics(1, 0, null, null, null), window.fields());
    }

    @Test
    void badFieldInputGoesToTheDeadLetterTopicAndTheValidFieldsStillCount() {
        byte[] notJson = "{\"schemaVersion\":1,\"id\":\"x1\",".getBytes(StandardCharsets.UTF_8);
        byte[] lettersInValue = ("{\"schemaVersion\":1,\"id\":\"x2\",\"value\":\"12a\","
                + "\"labeledAt\":\"2026-01-01T00:00:01Z\"}").getBytes(StandardCharsets.UTF_8);
        byte[] numberValue = ("{\"schemaVersion\":1,\"id\":\"x3\",\"value\":123,"
                + "\"labeledAt\":\"2026-01-01T00:00:01Z\"}").getBytes(StandardCharsets.UTF_8);
        byte[] tooLong = ("{\"schemaVersion\":1,\"id\":\"x4\",\"value\":\"" + "9".repeat(10_000) + "\","
                + "\"labeledAt\":\"2026-01-01T00:00:01Z\"}").getBytes(StandardCharsets.UTF_8);
        rawFieldReadings.pipeInput("x1", notJson);
        rawFieldLabels.pipeInput("x2", lettersInValue);
        rawFieldLabels.pipeInput("x3", numberValue);
        rawFieldLabels.pipeInput("x4", tooLong);
        rawFieldLabels.pipeInput("x5", null);
        fieldReadings.pipeInput("wrong-key", fieldReading("x6", T0.plusSeconds(1), "1", "1", "1"));
        fieldLabels.pipeInput("x7", fieldLabel("x7", "1", Instant.parse("1990-01-01T00:00:00Z")));
        fieldReadings.pipeInput("ok", fieldReading("ok", T0.plusSeconds(2), "55", "55", "55"));
        fieldLabels.pipeInput("ok", fieldLabel("ok", "55", T0.plusSeconds(3)));

        List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
        assertEquals(List.of("x1", "x2", "x3", "x4", "x5", "wrong-key", "x7"),
                rejected.stream().map(TestRecord::key).toList());
        assertEquals(List.of("invalid-json", "schema-violation", "schema-violation", "schema-violation", "invalid-json",
                "schema-violation", "implausible-time"),
                rejected.stream().map(record -> header(record, DlqHeaders.REASON)).toList());
        assertEquals(Topics.FIELD_READINGS, header(rejected.get(0), DlqHeaders.TOPIC));
        assertEquals(Topics.FIELD_LABELS, header(rejected.get(1), DlqHeaders.TOPIC));
        assertEquals(new String(lettersInValue, StandardCharsets.UTF_8),
                new String(rejected.get(1).value(), StandardCharsets.UTF_8), "kept untouched");

        predictions.pipeInput("tick", unanimous("tick", T0.plusSeconds(75), 1));
        assertEquals(new FieldMetrics(1, 1, 1.0, 1.0, 1.0),
                rollingWindow(metrics.readValuesToList(), "ensemble", T0).fields());
    }

    private static <K, V> List<KeyValue<K, V>> toList(java.util.Iterator<KeyValue<K, V>> entries) {
        List<KeyValue<K, V>> list = new java.util.ArrayList<>();
        entries.forEachRemaining(list::add);
        return list;
    }

    private KeyValueStore<String, MetricsAccumulator> cumulativeStore() {
        return driver.getKeyValueStore(MetricsStores.NAMES.cumulative());
    }

    private static ModelMetrics rollingWindow(List<ModelMetrics> published, String model, Instant start) {
        return published.stream()
                .filter(m -> m.window() == WindowKind.ROLLING && m.model().equals(model) && m.windowStart().equals(start))
                .reduce((first, second) -> {
                    throw new AssertionError("window " + start + " of " + model + " published twice");
                })
                .orElseThrow(() -> new AssertionError("no window " + start + " of " + model + " in " + published));
    }

    private static void assertLatency(LatencySummary expected, LatencySummary actual) {
        assertEquals(expected.p50(), actual.p50(), expected.p50() * HISTOGRAM_PRECISION, "p50");
        assertEquals(expected.p95(), actual.p95(), expected.p95() * HISTOGRAM_PRECISION, "p95");
        assertEquals(expected.p99(), actual.p99(), expected.p99() * HISTOGRAM_PRECISION, "p99");
        assertEquals(expected.max(), actual.max(), expected.max() * HISTOGRAM_PRECISION, "max");
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
