package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same hostile value gets the same DLQ reason from every reader of an input topic: the image parser (what the
 * image consumer and {@code POST /api/predict} read {@code digits.images} with) and the metrics topology's readers of
 * {@code digits.labels}, {@code digits.predictions}, {@code digits.field-readings} and {@code digits.field-labels}, all
 * with the production limits.
 */
class SameRecordSameReasonTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    static Stream<Arguments> hostileValues() {
        byte[] oversized = new byte[TestMetricsConfig.MAX_PAYLOAD_BYTES + 1];
        Arrays.fill(oversized, (byte) '{');
        byte[] oversizedJson = ("{\"id\":\"" + "x".repeat(TestMetricsConfig.MAX_PAYLOAD_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("tombstone", null, "invalid-json"),
                Arguments.of("empty", new byte[0], "invalid-json"),
                Arguments.of("not JSON", utf8("{\"id\": \"unterminated"), "invalid-json"),
                Arguments.of("binary garbage", new byte[] {0, 1, 2, (byte) 0xff}, "invalid-json"),
                Arguments.of("a JSON array", utf8("[1, 2, 3]"), "schema-violation"),
                Arguments.of("JSON null", utf8("null"), "schema-violation"),
                Arguments.of("an empty object", utf8("{}"), "schema-violation"),
                Arguments.of("oversized garbage", oversized, "payload-too-large"),
                Arguments.of("oversized JSON", oversizedJson, "payload-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void everyReaderGivesTheSameReason(String name, byte[] value, String expected) {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("image parser", imageParserReason(value));
        reasons.putAll(metricsTopologyReasons(value));

        Map<String, String> everyReaderExpected = new LinkedHashMap<>();
        reasons.keySet().forEach(reader -> everyReaderExpected.put(reader, expected));
        assertEquals(everyReaderExpected, reasons, name);
    }

    private static String imageParserReason(byte[] value) {
        ImageEventParser parser = new ImageEventParser(
                new ImageLimits(TestMetricsConfig.MAX_PAYLOAD_BYTES, 4096, 4096, 8_388_608, 1_048_576),
                ImageEventParser.SchemaCheck.ALWAYS, TestMetricsConfig.TIME_WINDOW, Clock.fixed(NOW, ZoneOffset.UTC));
        return assertThrows(InvalidEventException.class, () -> parser.parse(value)).reason().code();
    }

    /** The dead letter's reason for {@code value} on each input topic of the topology. */
    private Map<String, String> metricsTopologyReasons(byte[] value) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "same-reason-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        MetricsTopologyProducer topology = new MetricsTopologyProducer(TestMetricsConfig.defaults(),
                TestMetricsConfig.TIME_WINDOW, TestMetricsConfig.MAX_PAYLOAD_BYTES,
                new DeadLetters(TestMetricsConfig.MAX_RECORD_BYTES, new TopologyFailureMeters(new SimpleMeterRegistry())),
                Clock.fixed(NOW, ZoneOffset.UTC), TestMetricsConfig.TOPICS);
        Map<String, String> reasons = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.buildTopology(), props, NOW)) {
            TestOutputTopic<String, byte[]> deadLetters =
                    driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), new ByteArrayDeserializer());
            for (String topic : List.of(Topics.LABELS, Topics.PREDICTIONS, Topics.FIELD_READINGS, Topics.FIELD_LABELS)) {
                driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                        .pipeInput("img-1", value, NOW);
                List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
                assertEquals(1, letters.size(), () -> topic + ": " + letters);
                reasons.put("metrics topology, " + topic, header(letters.get(0), DlqHeaders.REASON));
            }
        }
        return reasons;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
