package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerdeTest {

    private static final List<Class<? extends Serde<?>>> SERDES = List.of(DigitImageSerde.class, DigitLabelSerde.class,
            DigitPredictionSerde.class, ReviewItemSerde.class, ModelMetricsSerde.class);

    private final DigitLabelSerde.Deserializer labels = new DigitLabelSerde.Deserializer();

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "{\"schemaVersion\": 1,", "\u0000\u0001\u0002", "{} trailing", "[1, 2"})
    void garbageBytesAreAClearInvalidJsonError(String garbage) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> labels.deserialize(Topics.LABELS, garbage.getBytes(StandardCharsets.UTF_8)));
        assertEquals(DlqReason.INVALID_JSON, e.reason());
        assertInstanceOf(SerializationException.class, e);
        assertTrue(e.getMessage().startsWith("Cannot deserialise DigitLabel from topic 'digits.labels'"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid-json"), e.getMessage());
        assertEquals(1, e.problems().size());
    }

    @Test
    void emptyValueIsInvalidJson() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> labels.deserialize(Topics.LABELS, new byte[0]));
        assertEquals(DlqReason.INVALID_JSON, e.reason());
    }

    @Test
    void schemaViolationNamesEveryProblem() {
        byte[] bad = "{\"schemaVersion\":1,\"id\":\"a\",\"label\":12,\"labeledAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> labels.deserialize(Topics.LABELS, bad));
        assertEquals(DlqReason.SCHEMA_VIOLATION, e.reason());
        assertTrue(e.problems().contains("$.label: must have a maximum value of 9"), e.problems()::toString);
        assertTrue(e.problems().stream().anyMatch(problem -> problem.startsWith("$.labeledAt")), e.problems()::toString);
        assertTrue(e.getMessage().contains("$.label: must have a maximum value of 9"), e.getMessage());
    }

    @Test
    void eventTheRecordRefusesIsASchemaViolation() throws Exception {
        ReviewItem item = SampleEvents.reviewItem("scan-1");
        var json = EventJson.mapper().valueToTree(item);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("id", "scan-2");
        byte[] mismatched = EventJson.mapper().writeValueAsBytes(json);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> new ReviewItemSerde.Deserializer().deserialize(Topics.REVIEW, mismatched));
        assertEquals(DlqReason.SCHEMA_VIOLATION, e.reason());
        assertTrue(e.getMessage().contains("review id 'scan-2' must equal the prediction's or reading's id 'scan-1'"), e.getMessage());
    }

    @Test
    void schemaIsChosenByTypeSoKafkaStreamsInternalTopicsWork() {
        DigitLabel label = new DigitLabel("a", 4, SampleEvents.CAPTURED);
        byte[] bytes = new DigitLabelSerde.Serializer().serialize("app-store-changelog", label);
        assertEquals(label, labels.deserialize("app-KSTREAM-REPARTITION-0000000003-repartition", bytes));
    }

    /** The JSON literal null is a value, not a tombstone: no reader may turn it into a null event. */
    @ParameterizedTest
    @ValueSource(strings = {"null", "[1, 2, 3]", "\"scan-1\"", "42"})
    void jsonThatIsNotAnObjectIsASchemaViolationInEitherSchemaMode(String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        for (EventDeserializer<?> deserializer : List.of(new DigitLabelSerde.Deserializer(),
                new DigitLabelSerde.Deserializer().checkingSchemaOnlyOnParseFailure(),
                new DigitPredictionSerde.Deserializer().checkingSchemaOnlyOnParseFailure(),
                new DigitImageSerde.Deserializer())) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> deserializer.deserialize(Topics.LABELS, value), json);
            assertEquals(DlqReason.SCHEMA_VIOLATION, e.reason());
        }
    }

    @Test
    void nullStaysNullForTombstones() {
        assertNull(new DigitImageSerde.Serializer().serialize(Topics.IMAGES, null));
        assertNull(new DigitImageSerde.Deserializer().deserialize(Topics.IMAGES, null));
    }

    @Test
    void valuesAreUtf8Json() {
        DigitLabel label = new DigitLabel("a", 4, SampleEvents.CAPTURED);
        String json = new String(new DigitLabelSerde().serializer().serialize(Topics.LABELS, label), StandardCharsets.UTF_8);
        assertEquals("{\"schemaVersion\":1,\"id\":\"a\",\"label\":4,\"labeledAt\":\"2026-11-27T08:00:00.123456789Z\"}", json);
    }

    @Test
    void serdesAndTheirNestedClassesCanBeNamedInConfig() throws Exception {
        for (Class<? extends Serde<?>> serdeClass : SERDES) {
            Serde<?> serde = Utils.newInstance(serdeClass);
            serde.configure(Map.of(), false);
            String prefix = serdeClass.getName();
            Object serializer = Utils.newInstance(prefix + "$Serializer", Serializer.class);
            Object deserializer = Utils.newInstance(prefix + "$Deserializer", Deserializer.class);
            assertEquals(serde.serializer().getClass(), serializer.getClass());
            assertEquals(serde.deserializer().getClass(), deserializer.getClass());
            serde.close();
        }
    }
}
