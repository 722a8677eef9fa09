package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example validates (or fails) against its schema, and the valid ones survive a trip through record and serde. */
class ExamplesTest {

    private static final Map<String, Serde<?>> SERDES = Map.of(
            Topics.IMAGES, new DigitImageSerde(),
            Topics.LABELS, new DigitLabelSerde(),
            Topics.PREDICTIONS, new DigitPredictionSerde(),
            Topics.REVIEW, new ReviewItemSerde(),
            Topics.REVIEW_ANSWERS, new ReviewAnswerSerde(),
            Topics.METRICS, new ModelMetricsSerde(),
            Topics.FIELDS, new FieldImageSerde(),
            Topics.FIELD_READINGS, new FieldReadingSerde(),
            Topics.FIELD_LABELS, new FieldLabelSerde());

    private final EventSchemas schemas = EventSchemas.shared();

    static Stream<Arguments> validEvents() {
        return examples("valid", SERDES.keySet());
    }

    static Stream<Arguments> invalidEvents() {
        return examples("invalid", SERDES.keySet());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("validEvents")
    void validEventValidatesAndRoundTripsThroughRecordAndSerde(String topic, Path file) {
        assertEquals(List.of(), schemas.violations(topic, Examples.json(file)));

        Object event = deserialize(topic, Examples.bytes(file));
        JsonNode written = Examples.json(file);
        JsonNode reread = readTree(serialize(topic, event));
        assertTrue(written.equals(Examples.SAME_VALUE, reread), () -> "round trip changed " + file + ":\n" + reread);
        assertEquals(List.of(), schemas.violations(topic, reread));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("invalidEvents")
    void invalidEventFailsValidationWithAMessageAndIsRefusedByTheSerde(String topic, Path file) {
        List<String> violations = schemas.violations(topic, Examples.json(file));
        assertFalse(violations.isEmpty(), () -> file + " should be invalid");
        violations.forEach(message -> assertTrue(message.startsWith("$"), () -> "message names no location: " + message));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> deserialize(topic, Examples.bytes(file)));
        assertEquals(DlqReason.SCHEMA_VIOLATION, e.reason());
        assertEquals(violations, e.problems());
    }

    /**
     * The topics whose readers may skip the validator for events the typed mapping accepts. Not images or metrics:
     * their records accept a few examples the schema refuses (data that is not base64, an explicit null form, a
     * missing nullable accuracy), so their readers validate every event.
     */
    static Stream<Arguments> invalidEventsOfTypedFirstTopics() {
        return examples("invalid", List.of(Topics.LABELS, Topics.PREDICTIONS));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("invalidEventsOfTypedFirstTopics")
    void invalidEventIsRefusedAlikeWhenTheSchemaIsCheckedOnlyOnParseFailure(String topic, Path file) {
        EventDeserializer<?> typedFirst = freshDeserializer(topic).checkingSchemaOnlyOnParseFailure();
        InvalidEventException always = assertThrows(InvalidEventException.class,
                () -> deserialize(topic, Examples.bytes(file)));
        InvalidEventException onFailure = assertThrows(InvalidEventException.class,
                () -> typedFirst.deserialize(topic, Examples.bytes(file)), () -> file + " slipped through the typed parse");
        assertEquals(always.reason(), onFailure.reason());
        assertEquals(always.problems(), onFailure.problems());
    }

    @Test
    void everyTopicWithASchemaHasSeveralValidAndInvalidExamples() {
        for (String topic : Stream.concat(schemas.topics().stream(), Stream.of(Topics.DLQ, Examples.MANIFEST, Examples.POINTER)).toList()) {
            assertTrue(Examples.files("valid", topic).size() >= 2, () -> "too few valid examples for " + topic);
            assertTrue(Examples.files("invalid", topic).size() >= 4, () -> "too few invalid examples for " + topic);
        }
    }

    @Test
    void imageExamplesCoverEveryEncodingWithAndWithoutForm() {
        List<DigitImage> images = Examples.files("valid", Topics.IMAGES).stream()
                .map(file -> new DigitImageSerde.Deserializer().deserialize(Topics.IMAGES, Examples.bytes(file)))
                .toList();
        for (ImageEncoding encoding : ImageEncoding.values()) {
            assertTrue(images.stream().anyMatch(image -> image.encoding() == encoding), () -> "no example for " + encoding);
        }
        assertTrue(images.stream().anyMatch(image -> image.form() == null));
        assertTrue(images.stream().anyMatch(image -> image.form() != null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("validManifests")
    void validManifestValidatesAndRoundTripsThroughTheRecord(String kind, Path file) throws Exception {
        assertEquals(List.of(), schemas.manifestViolations(Examples.json(file)));

        ModelManifest manifest = EventJson.mapper().readValue(file.toFile(), ModelManifest.class);
        JsonNode reread = EventJson.mapper().valueToTree(manifest);
        assertTrue(Examples.json(file).equals(Examples.SAME_VALUE, reread), () -> "round trip changed " + file);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidManifests")
    void invalidManifestFailsValidationWithAMessage(String kind, Path file) {
        List<String> violations = schemas.manifestViolations(Examples.json(file));
        assertFalse(violations.isEmpty(), () -> file + " should be invalid");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("validPointers")
    void validPointerValidatesAndRoundTripsThroughTheRecord(String kind, Path file) throws Exception {
        assertEquals(List.of(), schemas.pointerViolations(Examples.json(file)));

        ModelPointer pointer = EventJson.mapper().readValue(file.toFile(), ModelPointer.class);
        JsonNode reread = EventJson.mapper().valueToTree(pointer);
        assertTrue(Examples.json(file).equals(Examples.SAME_VALUE, reread), () -> "round trip changed " + file);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidPointers")
    void invalidPointerFailsValidationAndIsRefusedByTheRecord(String kind, Path file) {
        assertFalse(schemas.pointerViolations(Examples.json(file)).isEmpty(), () -> file + " should be invalid");
        assertThrows(Exception.class, () -> EventJson.mapper().readValue(file.toFile(), ModelPointer.class));
    }

    static Stream<Arguments> validPointers() {
        return examples("valid", List.of(Examples.POINTER));
    }

    static Stream<Arguments> invalidPointers() {
        return examples("invalid", List.of(Examples.POINTER));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("validDlqHeaders")
    void validDeadLetterHeadersValidate(String kind, Path file) {
        assertEquals(List.of(), schemas.dlqHeaderViolations(Examples.json(file)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidDlqHeaders")
    void invalidDeadLetterHeadersFailValidationWithAMessage(String kind, Path file) {
        assertFalse(schemas.dlqHeaderViolations(Examples.json(file)).isEmpty(), () -> file + " should be invalid");
    }

    static Stream<Arguments> validManifests() {
        return examples("valid", List.of(Examples.MANIFEST));
    }

    static Stream<Arguments> invalidManifests() {
        return examples("invalid", List.of(Examples.MANIFEST));
    }

    static Stream<Arguments> validDlqHeaders() {
        return examples("valid", List.of(Topics.DLQ));
    }

    static Stream<Arguments> invalidDlqHeaders() {
        return examples("invalid", List.of(Topics.DLQ));
    }

    private static Stream<Arguments> examples(String validity, java.util.Collection<String> topics) {
        return topics.stream().sorted()
                .flatMap(topic -> Examples.files(validity, topic).stream().map(file -> Arguments.of(topic, file)));
    }

    private static EventDeserializer<?> freshDeserializer(String topic) {
        return switch (topic) {
            case Topics.IMAGES -> new DigitImageSerde.Deserializer();
            case Topics.LABELS -> new DigitLabelSerde.Deserializer();
            case Topics.PREDICTIONS -> new DigitPredictionSerde.Deserializer();
            case Topics.REVIEW -> new ReviewItemSerde.Deserializer();
            case Topics.METRICS -> new ModelMetricsSerde.Deserializer();
            case Topics.FIELDS -> new FieldImageSerde.Deserializer();
            case Topics.FIELD_READINGS -> new FieldReadingSerde.Deserializer();
            case Topics.FIELD_LABELS -> new FieldLabelSerde.Deserializer();
            default -> throw new IllegalArgumentException("no serde for " + topic);
        };
    }

    private static Object deserialize(String topic, byte[] bytes) {
        return SERDES.get(topic).deserializer().deserialize(topic, bytes);
    }

    @SuppressWarnings("unchecked")
    private static byte[] serialize(String topic, Object event) {
        return ((Serde<Object>) SERDES.get(topic)).serializer().serialize(topic, event);
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return EventJson.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
