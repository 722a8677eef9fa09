package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks of every input reader, in their order, and the same reason for the same value on every input topic. */
class EventReaderTest {

    private static final int LIMIT = 4096;
    private static final EventTimeWindow WINDOW = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));
    private static final Instant NOW = SampleEvents.CAPTURED.plusSeconds(60);
    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");

    private static final EventReader<DigitImage> IMAGES =
            EventReader.images(new DigitImageSerde.Deserializer(), LIMIT, WINDOW);
    private static final EventReader<DigitLabel> LABELS =
            EventReader.labels(new DigitLabelSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), LIMIT, WINDOW);
    private static final EventReader<DigitPrediction> PREDICTIONS = EventReader.predictions(
            new DigitPredictionSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), LIMIT, WINDOW);
    private static final Map<String, EventReader<?>> EVERY_INPUT =
            Map.of(Topics.IMAGES, IMAGES, Topics.LABELS, LABELS, Topics.PREDICTIONS, PREDICTIONS);

    @Test
    void validEventsAreRead() {
        DigitImage image = SampleEvents.rawImage("scan-1", null);
        assertEquals(image, IMAGES.read(Topics.IMAGES, json(image), NOW));
        DigitLabel label = new DigitLabel("scan-1", 4, SampleEvents.CAPTURED);
        assertEquals(label, LABELS.read(Topics.LABELS, json(label), NOW));
        DigitPrediction prediction = SampleEvents.prediction("scan-1");
        assertEquals(prediction, PREDICTIONS.read(Topics.PREDICTIONS, json(prediction), NOW));
    }

    @Test
    void aTombstoneIsInvalidJsonOnEveryInputTopic() {
        EVERY_INPUT.forEach((topic, reader) -> {
            InvalidEventException e = assertReason(DlqReason.INVALID_JSON, topic, reader, null);
            assertTrue(e.getMessage().contains("tombstone"), e.getMessage());
        });
        assertNull(new DigitLabelSerde.Deserializer().deserialize(Topics.LABELS, null), "the serde keeps Kafka's rule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": \"scan-1\", ", "garbage", "", "  ", "{} trailing"})
    void bytesThatAreNotJsonAreInvalidJsonOnEveryInputTopic(String value) {
        EVERY_INPUT.forEach((topic, reader) -> {
            InvalidEventException e = assertReason(DlqReason.INVALID_JSON, topic, reader, utf8(value));
            assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2, 3]", "\"scan-1\"", "null", "42", "true"})
    void jsonThatIsNotAnObjectIsASchemaViolationOnEveryInputTopic(String value) {
        // It is JSON (invalid-json means "not JSON"); the schema says what is wrong with it, as the serde does.
        EVERY_INPUT.forEach((topic, reader) -> {
            InvalidEventException e = assertReason(DlqReason.SCHEMA_VIOLATION, topic, reader, utf8(value));
            assertTrue(e.problems().stream().anyMatch(problem -> problem.startsWith("$")), e.getMessage());
        });
    }

    @Test
    void aValueOverTheLimitIsRefusedBeforeParsingOnEveryInputTopic() {
        byte[] garbage = new byte[LIMIT + 1];
        Arrays.fill(garbage, (byte) '{');
        EVERY_INPUT.forEach((topic, reader) -> {
            InvalidEventException e = assertReason(DlqReason.PAYLOAD_TOO_LARGE, topic, reader, garbage);
            assertEquals("value is 4097 bytes, over the limit of 4096", e.getMessage());
        });
        byte[] atTheLimit = Arrays.copyOf(garbage, LIMIT);
        EVERY_INPUT.forEach((topic, reader) -> assertReason(DlqReason.INVALID_JSON, topic, reader, atTheLimit));
    }

    @Test
    void anEmptyObjectIsASchemaViolationOnEveryInputTopic() {
        EVERY_INPUT.forEach((topic, reader) -> assertReason(DlqReason.SCHEMA_VIOLATION, topic, reader, utf8("{}")));
    }

    @Test
    void theSchemaIsCheckedBeforeTheTimes() {
        String label = "{\"schemaVersion\":1,\"id\":\"a\",\"label\":12,\"labeledAt\":\"0000-01-01T00:00:00Z\"}";

        InvalidEventException e = assertReason(DlqReason.SCHEMA_VIOLATION, Topics.LABELS, LABELS, utf8(label));
        assertTrue(e.problems().contains("$.label: must have a maximum value of 9"), e.problems()::toString);
    }

    @Test
    void implausibleTimesAreNamedFieldByFieldInTheRecordsOrder() {
        DigitPrediction p = SampleEvents.prediction("scan-1");
        DigitPrediction twoOff = new DigitPrediction(p.id(), p.models(), p.ensemble(), p.agreement(), YEAR_0,
                p.receivedAt(), NOW.plus(Duration.ofHours(1)));

        InvalidEventException e = assertReason(DlqReason.IMPLAUSIBLE_TIME, Topics.PREDICTIONS, PREDICTIONS, json(twoOff));
        assertEquals(2, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("capturedAt " + YEAR_0), e.problems()::toString);
        assertTrue(e.problems().get(1).startsWith("predictedAt "), e.problems()::toString);
        assertEquals(String.join("; ", e.problems()), e.getMessage());

        InvalidEventException label = assertReason(DlqReason.IMPLAUSIBLE_TIME, Topics.LABELS, LABELS,
                json(new DigitLabel("scan-1", 4, YEAR_0)));
        assertTrue(label.getMessage().startsWith("labeledAt " + YEAR_0), label.getMessage());
    }

    @Test
    void decodeLeavesTheTimesToTheCaller() {
        DigitLabel ancient = new DigitLabel("scan-1", 4, YEAR_0);

        assertEquals(ancient, LABELS.decode(Topics.LABELS, json(ancient)));
        assertThrows(InvalidEventException.class, () -> LABELS.requirePlausibleTimes(ancient, NOW));
    }

    @Test
    void theLimitMustAllowSomething() {
        assertThrows(IllegalArgumentException.class,
                () -> EventReader.labels(new DigitLabelSerde.Deserializer(), 0, WINDOW));
    }

    private static InvalidEventException assertReason(DlqReason reason, String topic, EventReader<?> reader,
            byte[] value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> reader.read(topic, value, NOW),
                () -> topic + " accepted it");
        assertEquals(reason, e.reason(), () -> topic + ": " + e.getMessage());
        return e;
    }

    private static byte[] json(Object event) {
        return new EventSerializer<>(Object.class).serialize("t", event);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
