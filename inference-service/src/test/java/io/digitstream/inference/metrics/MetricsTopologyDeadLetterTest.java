package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.unanimous;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.schemas.WindowKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile records against the metrics topology: each must become one dead letter (right reason, detail within the
 * schema's 8,192 characters, the whole record within the output budget), and a valid prediction and label sent right
 * after on the same partition must still be counted in the published metrics. The wall clock stands at {@link #NOW};
 * event times are plausible from 30 days before it to 5 minutes after it.
 */
class MetricsTopologyDeadLetterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final Instant JUST_TOO_OLD = NOW.minus(Duration.ofDays(30)).minusMillis(1);
    private static final Instant JUST_TOO_NEW = NOW.plus(Duration.ofMinutes(5)).plusMillis(1);
    private static final String REPARTITION_TOPIC = "metrics-dead-letter-test-observations-by-model-repartition";

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, DigitPrediction> predictions;
    private TestInputTopic<String, DigitLabel> labels;
    private TestInputTopic<String, byte[]> rawPredictions;
    private TestOutputTopic<String, ModelMetrics> metrics;
    private TestOutputTopic<String, byte[]> deadLetters;

    private void start(Clock emitClock) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-dead-letter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        MetricsTopologyProducer topology = new MetricsTopologyProducer(TestMetricsConfig.defaults(),
                TestMetricsConfig.TIME_WINDOW, TestMetricsConfig.MAX_PAYLOAD_BYTES,
                new DeadLetters(TestMetricsConfig.MAX_RECORD_BYTES, new TopologyFailureMeters(registry)), emitClock, TestMetricsConfig.TOPICS);
        driver = new TopologyTestDriver(topology.buildTopology(), props, NOW);
        predictions = driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(),
                new DigitPredictionSerde.Serializer());
        labels = driver.createInputTopic(Topics.LABELS, new StringSerializer(), new DigitLabelSerde.Serializer());
        rawPredictions = driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(), new ByteArraySerializer());
        metrics = driver.createOutputTopic(Topics.METRICS, new StringDeserializer(), new ModelMetricsSerde.Deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void start() {
        start(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    static Stream<Arguments> implausibleTimes() {
        return Stream.of("capturedAt", "receivedAt", "predictedAt", "labeledAt").flatMap(field -> Stream.of(
                Arguments.of(field, YEAR_0), Arguments.of(field, YEAR_9999),
                Arguments.of(field, JUST_TOO_OLD), Arguments.of(field, JUST_TOO_NEW)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("implausibleTimes")
    void anImplausibleEventTimeIsRefusedNamingTheField(String field, Instant time) {
        start();
        byte[] sent;
        if (field.equals("labeledAt")) {
            sent = new DigitLabelSerde.Serializer().serialize(Topics.LABELS, label("h", 4, time));
            driver.createInputTopic(Topics.LABELS, new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("h", sent, NOW);
        } else {
            DigitPrediction hostile = withTime(unanimous("h", NOW, 4), field, time);
            sent = new DigitPredictionSerde.Serializer().serialize(Topics.PREDICTIONS, hostile);
            rawPredictions.pipeInput("h", sent, NOW);
        }

        TestRecord<String, byte[]> letter = onlyDeadLetter();
        assertEquals("implausible-time", header(letter, DlqHeaders.REASON));
        String detail = header(letter, DlqHeaders.DETAIL);
        assertTrue(detail.startsWith(field + " " + time), detail);
        assertArrayEquals(sent, letter.value(), "the original record, untouched");
        assertEquals(field.equals("labeledAt") ? Topics.LABELS : Topics.PREDICTIONS, header(letter, DlqHeaders.TOPIC));
        assertEquals(NOW.toEpochMilli(), letter.timestamp(), "stamped with the wall clock, not the hostile time");
        assertEquals(1.0, registry.counter("digitstream.metrics.dlq.records", "reason", "implausible-time").count());

        assertValidPairCounted("h");
    }

    @Test
    void eventTimesAtTheEdgesOfTheWindowAreAccepted() {
        start();
        DigitPrediction oldest = withTime(unanimous("edge", NOW, 4), "capturedAt", NOW.minus(Duration.ofDays(30)));
        predictions.pipeInput("edge", withTime(oldest, "predictedAt", NOW.plus(Duration.ofMinutes(5))));
        labels.pipeInput("edge", label("edge", 4, NOW.plus(Duration.ofMinutes(5))));

        assertTrue(deadLetters.isEmpty(), () -> "refused: " + deadLetters.readRecordsToList());
        MetricsAccumulator ensemble = driver.<String, MetricsAccumulator>getKeyValueStore(
                MetricsStores.NAMES.cumulative()).get(Events.series(PredictionLabelJoiner.ENSEMBLE));
        ModelMetrics counted = ensemble.toModelMetrics(Events.series("ensemble"), WindowKind.CUMULATIVE, NOW, NOW, Duration.ZERO,
                new PopulationStabilityIndex(TestMetricsConfig.MNIST_TRAINING_CLASS_COUNTS), NOW);
        assertEquals(1, counted.labelledCount());
        // 30 days and 5 minutes from capture to prediction, far past any other latency but no overflow.
        assertEquals(Duration.ofDays(30).plusMinutes(5).toMillis(), counted.endToEndLatencyMs().max(),
                Duration.ofDays(30).toMillis() * 0.01);
    }

    @Test
    void aPredictionWithThousandsOfViolationsGetsACappedDetail() {
        start();
        StringBuilder json = new StringBuilder("{\"schemaVersion\":1,\"id\":\"v\",\"models\":[");
        for (int i = 0; i < 3000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"model\":\"NOT A NAME\",\"version\":\"\",\"digit\":12,"
                    + "\"confidence\":2,\"probabilities\":[2],\"latencyMs\":-1}");
        }
        json.append("],\"ensemble\":{\"digit\":-1},\"agreement\":\"no\",\"capturedAt\":\"yesterday\"}");
        byte[] sent = json.toString().getBytes(StandardCharsets.UTF_8);
        rawPredictions.pipeInput("v", sent, NOW);

        TestRecord<String, byte[]> letter = onlyDeadLetter();
        assertEquals("schema-violation", header(letter, DlqHeaders.REASON));
        String detail = header(letter, DlqHeaders.DETAIL);
        assertTrue(detail.length() <= DeadLetter.MAX_DETAIL_CHARS, () -> detail.length() + " characters");
        assertTrue(detail.matches("(?s).*\\[\\.\\.\\. \\d+ more characters cut]$"), "says it was cut");
        assertArrayEquals(sent, letter.value());

        assertValidPairCounted("v");
    }

    @Test
    void aRecordNearTheSizeLimitYieldsATruncatedDeadLetterThatFits() {
        start();
        byte[] sent = new byte[TestMetricsConfig.MAX_RECORD_BYTES - 200];
        Arrays.fill(sent, (byte) 'x');
        sent[0] = '{';
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[150]);
        rawPredictions.pipeInput(new TestRecord<>("big", sent, headers, NOW));

        TestRecord<String, byte[]> letter = onlyDeadLetter();
        // Over digitstream.limits.max-payload-bytes, as the same value on digits.images would be (it was invalid-json
        // while only the image reader had a size limit).
        assertEquals("payload-too-large", header(letter, DlqHeaders.REASON));
        Header[] written = letter.headers().toArray();
        assertTrue(DeadLetter.sizeInBytes(letter.key(), letter.value(), written) <= TestMetricsConfig.MAX_RECORD_BYTES,
                "the dead letter fits the producer's max.request.size");
        assertTrue(header(letter, DlqHeaders.Truncation.TRUNCATED).contains("value"),
                header(letter, DlqHeaders.Truncation.TRUNCATED));
        assertEquals(Integer.toString(sent.length), header(letter, DlqHeaders.Truncation.ORIGINAL_SIZE));
        assertEquals(DeadLetter.sha256(sent), header(letter, DlqHeaders.Truncation.ORIGINAL_SHA256));
        assertArrayEquals(Arrays.copyOf(sent, letter.value().length), letter.value(), "the value's head is kept");

        assertValidPairCounted("big");
    }

    /**
     * A join-state entry that breaks the state's invariant (the digits of a prediction but no prediction time), as a
     * changelog written by a faulty or older version could hold: the label for that image makes the join throw.
     * The valid pair uses another image on the same partition: the broken image's entry is still there.
     */
    @Test
    void aRecordTheJoinFailsOnBecomesADeadLetterAndTheJoinCarriesOn() {
        start();
        KeyValueStore<String, ImageJoinState> images = driver.getKeyValueStore(MetricsStores.NAMES.imageJoin());
        images.put("broken", new ImageJoinState(Map.of("mlp", 3), null, null, null, NOW.plusSeconds(900).toEpochMilli(), null, null));
        byte[] sent = new DigitLabelSerde.Serializer().serialize(Topics.LABELS, label("broken", 3, NOW));
        driver.createInputTopic(Topics.LABELS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput("broken", sent, NOW);

        TestRecord<String, byte[]> letter = onlyDeadLetter();
        assertEquals("processing-failed", header(letter, DlqHeaders.REASON));
        String detail = header(letter, DlqHeaders.DETAIL);
        assertTrue(detail.startsWith("join failed on this record: java.lang.NullPointerException"), detail);
        assertTrue(detail.length() <= DeadLetter.MAX_DETAIL_CHARS);
        assertEquals(Topics.LABELS, header(letter, DlqHeaders.TOPIC));
        assertEquals("broken", letter.key());
        assertArrayEquals(sent, letter.value(), "the label as it was read");
        assertEquals(1.0, registry.counter("digitstream.metrics.dlq.records", "reason", "processing-failed").count());

        assertValidPairCounted("after-broken");
    }

    /**
     * An observation with digit 12 on the repartition topic (only this topology should write there; a faulty
     * producer with access to internal topics could): both aggregations refuse it, and each sends it to the DLQ.
     */
    @Test
    void anObservationTheAggregationsFailOnBecomesADeadLetterOfEach() {
        start();
        ModelObservation impossible = ModelObservation.prediction(PredictionLabelJoiner.ENSEMBLE, NOW.toEpochMilli(), 12,
                0.9, 1, 50);
        byte[] sent = MetricsStateSerdes.observation().serializer().serialize(REPARTITION_TOPIC, impossible);
        driver.createInputTopic(REPARTITION_TOPIC, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(PredictionLabelJoiner.ENSEMBLE, sent, NOW);

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(List.of("cumulative", "rolling-windows"), letters.stream()
                .map(letter -> header(letter, DlqHeaders.DETAIL))
                .map(detail -> detail.substring(0, detail.indexOf(" failed on this record")))
                .sorted().toList());
        for (TestRecord<String, byte[]> letter : letters) {
            assertEquals("processing-failed", header(letter, DlqHeaders.REASON));
            assertTrue(header(letter, DlqHeaders.DETAIL).contains("observation cannot be counted"));
            assertEquals(REPARTITION_TOPIC, header(letter, DlqHeaders.TOPIC));
            assertEquals(PredictionLabelJoiner.ENSEMBLE, letter.key());
            assertArrayEquals(sent, letter.value());
        }

        assertValidPairCounted("after-impossible");
    }

    /** The clock stamping {@code emittedAt} fails once: the model whose metrics it was stamping goes to the DLQ. */
    @Test
    void aMetricsRecordThatCannotBeBuiltBecomesADeadLetterAndTheModelIsPublishedNextTime() {
        start(new FailingOnceClock());
        predictions.pipeInput("a", unanimous("a", NOW, 4));
        labels.pipeInput("a", label("a", 4, NOW));
        predictions.pipeInput("tick-1", unanimous("tick-1", NOW.plusSeconds(11), 1));

        TestRecord<String, byte[]> letter = onlyDeadLetter();
        assertEquals("processing-failed", header(letter, DlqHeaders.REASON));
        assertTrue(header(letter, DlqHeaders.DETAIL).startsWith("cumulative-metrics failed on this record: "
                + IllegalStateException.class.getName() + ": the clock failed"), header(letter, DlqHeaders.DETAIL));
        String failedModel = MetricSeries.parse(letter.key()).model();
        List<String> published = metrics.readValuesToList().stream().map(ModelMetrics::model).sorted().toList();
        assertEquals(Stream.of("cnn", "ensemble", "mlp").filter(model -> !model.equals(failedModel)).toList(),
                published, "the other models' metrics are published");

        // Its next publication is due 10 s of stream time after its next update (tick-2). At tick-3, the first
        // observation (mlp's) moves stream time on and every model is published: mlp with tick-3, the others without.
        predictions.pipeInput("tick-2", unanimous("tick-2", NOW.plusSeconds(22), 1));
        predictions.pipeInput("tick-3", unanimous("tick-3", NOW.plusSeconds(33), 1));
        assertTrue(deadLetters.isEmpty(), "the clock failed once only");
        ModelMetrics recovered = metrics.readValuesToList().stream()
                .filter(m -> m.model().equals(failedModel) && m.window() == WindowKind.CUMULATIVE)
                .reduce((first, second) -> second).orElseThrow();
        assertEquals(1, recovered.labelledCount());
        assertEquals(failedModel.equals("mlp") ? 4 : 3, recovered.predictedCount(),
                "a and the ticks: nothing was lost with the dead letter");
    }

    /**
     * Sends a valid prediction and its label for {@code id} at the wall clock, and a tick 11 s later that makes the
     * cumulative metrics publish: the ensemble's must count the pair, nothing else. (The tick's first observation,
     * mlp's, already moves stream time far enough, so the ensemble is published before its own tick observation.)
     */
    private void assertValidPairCounted(String id) {
        metrics.readValuesToList();
        predictions.pipeInput(id, unanimous(id, NOW, 4));
        labels.pipeInput(id, label(id, 4, NOW));
        predictions.pipeInput("tick", unanimous("tick", NOW.plusSeconds(11), 1));

        ModelMetrics ensemble = metrics.readValuesToList().stream()
                .filter(m -> m.model().equals(PredictionLabelJoiner.ENSEMBLE) && m.window() == WindowKind.CUMULATIVE)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no cumulative ensemble metrics after the valid pair"));
        assertEquals(1, ensemble.labelledCount(), "the valid label");
        assertEquals(1, ensemble.predictedCount(), "the valid prediction");
        assertEquals(1.0, ensemble.accuracy());
        assertTrue(deadLetters.isEmpty(), "the valid records are not dead letters");
    }

    private TestRecord<String, byte[]> onlyDeadLetter() {
        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertEquals(1, letters.size(), () -> "dead letters: " + letters);
        return letters.get(0);
    }

    private static DigitPrediction withTime(DigitPrediction p, String field, Instant time) {
        return new DigitPrediction(p.id(), p.models(), p.ensemble(), p.agreement(),
                field.equals("capturedAt") ? time : p.capturedAt(),
                field.equals("receivedAt") ? time : p.receivedAt(),
                field.equals("predictedAt") ? time : p.predictedAt());
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A clock whose first reading fails. */
    private static final class FailingOnceClock extends Clock {
        private boolean failed;

        @Override
        public Instant instant() {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("the clock failed");
            }
            return NOW;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
