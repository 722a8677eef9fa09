package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Records built in Java serialise to JSON their schema accepts and read back equal, so the two cannot drift. */
class RecordsMatchSchemasTest {

    private final EventSchemas schemas = EventSchemas.shared();

    @Test
    void imageWithFormRoundTrips() throws Exception {
        DigitImage image = SampleEvents.rawImage("scan-1", new FormRef("form-7", "amount-2"));
        JsonNode json = roundTrip(Topics.IMAGES, new DigitImageSerde(), image);
        assertEquals("raw", json.get("encoding").asText());
        assertEquals("form-7", json.get("form").get("formId").asText());
    }

    @Test
    void imageWithoutFormLeavesTheFieldOut() throws Exception {
        JsonNode json = roundTrip(Topics.IMAGES, new DigitImageSerde(), SampleEvents.rawImage("scan-2", null));
        assertFalse(json.has("form"), "an absent optional field is left out, not written as null");
    }

    @Test
    void timesAreIsoUtcStrings() throws Exception {
        JsonNode json = roundTrip(Topics.IMAGES, new DigitImageSerde(), SampleEvents.rawImage("scan-3", null));
        assertEquals("2026-11-27T08:00:00.123456789Z", json.get("capturedAt").asText());
    }

    @Test
    void fieldWithAnExpectedLengthRoundTrips() throws Exception {
        JsonNode json = roundTrip(Topics.FIELDS, new FieldImageSerde(), SampleEvents.field("field-1", LengthRange.exactly(2)));
        assertEquals(2, json.get("expectedLength").asInt());
        assertFalse(json.has("lengthRange"), "an exact length is written as expectedLength");
        assertFalse(json.has("charset"));
    }

    @Test
    void fieldWithALengthRangeRoundTrips() throws Exception {
        FieldImage field = SampleEvents.field("field-2", new LengthRange(1, 7));
        JsonNode json = roundTrip(Topics.FIELDS, new FieldImageSerde(), field);
        assertEquals(7, json.get("lengthRange").get("max").asInt());
        assertFalse(json.has("expectedLength"));
        assertEquals(new LengthRange(1, 7), field.lengthHint().orElseThrow());
        assertFalse(roundTrip(Topics.FIELDS, new FieldImageSerde(), SampleEvents.field("field-3", null)).has("lengthRange"));
    }

    @Test
    void fieldReadingAndLabelRoundTrip() throws Exception {
        JsonNode json = roundTrip(Topics.FIELD_READINGS, new FieldReadingSerde(), SampleEvents.fieldReading("field-1"));
        assertEquals("11", json.get("value").asText());
        assertEquals(0.72, json.get("confidence").asDouble(), 1e-12);
        assertEquals("low-confidence", json.get("doubts").get(0).asText());
        assertEquals(41, json.get("digits").get(1).get("box").get("x").asInt());
        roundTrip(Topics.FIELD_LABELS, new FieldLabelSerde(), new FieldLabel("field-1", "0012345678", SampleEvents.CAPTURED));
    }

    @Test
    void labelRoundTrips() throws Exception {
        roundTrip(Topics.LABELS, new DigitLabelSerde(), new DigitLabel("scan-1", 0, SampleEvents.CAPTURED));
        roundTrip(Topics.LABELS, new DigitLabelSerde(), new DigitLabel("scan-1", 9, SampleEvents.CAPTURED));
    }

    @Test
    void predictionRoundTrips() throws Exception {
        JsonNode json = roundTrip(Topics.PREDICTIONS, new DigitPredictionSerde(), SampleEvents.prediction("scan-1"));
        assertEquals(4, json.get("models").size());
        assertEquals(10, json.get("ensemble").get("probabilities").size());
    }

    @Test
    void reviewItemRoundTrips() throws Exception {
        JsonNode json = roundTrip(Topics.REVIEW, new ReviewItemSerde(), SampleEvents.reviewItem("scan-1"));
        assertEquals("disagreement", json.get("reason").asText());
    }

    @Test
    void metricsWithoutLabelsWriteNullQuality() throws Exception {
        JsonNode json = roundTrip(Topics.METRICS, new ModelMetricsSerde(), SampleEvents.metrics(0, null));
        for (String quality : List.of("accuracy", "macroPrecision", "macroRecall", "macroF1", "populationStabilityIndex")) {
            assertTrue(json.has(quality) && json.get(quality).isNull(), () -> quality + " must be present and null");
        }
        assertEquals("rolling", json.get("window").asText());
    }

    @Test
    void metricsWithLabelsRoundTrip() throws Exception {
        JsonNode json = roundTrip(Topics.METRICS, new ModelMetricsSerde(), SampleEvents.metrics(90, 0.97));
        assertEquals(0.97, json.get("accuracy").asDouble());
    }

    @Test
    void manifestRoundTrips() throws Exception {
        ModelManifest manifest = SampleEvents.manifest();
        JsonNode json = EventJson.mapper().valueToTree(manifest);
        assertEquals(List.of(), schemas.manifestViolations(json));
        assertTrue(json.get("models").get(0).get("training").get("note").isNull());
        assertEquals(manifest, EventJson.mapper().treeToValue(json, ModelManifest.class));
        assertEquals("cnn.onnx", manifest.model("cnn").orElseThrow().file());
        assertEquals(0.7, json.get("ensemble").get("weights").get("cnn").asDouble());
    }

    @Test
    void manifestWithAnEqualVoteLeavesTheEnsembleOut() throws Exception {
        ModelManifest weighted = SampleEvents.manifest();
        ModelManifest equal = new ModelManifest(weighted.runId(), weighted.createdAt(), weighted.models());
        JsonNode json = EventJson.mapper().valueToTree(equal);
        assertFalse(json.has("ensemble"), "no weights: the field is left out, not written as null");
        assertEquals(List.of(), schemas.manifestViolations(json));
        assertEquals(equal, EventJson.mapper().treeToValue(json, ModelManifest.class));
    }

    private <T> JsonNode roundTrip(String topic, Serde<T> serde, T event) throws Exception {
        byte[] bytes = serde.serializer().serialize(topic, event);
        JsonNode json = EventJson.mapper().readTree(bytes);
        assertEquals(List.of(), schemas.violations(topic, json), () -> "schema rejects what the record wrote: " + json);
        assertEquals(event, serde.deserializer().deserialize(topic, bytes));
        return json;
    }
}
