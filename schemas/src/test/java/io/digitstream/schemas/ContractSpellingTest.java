package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The spellings Java uses and the spellings the JSON Schemas declare are the same. */
class ContractSpellingTest {

    @Test
    void enumWireNames() {
        assertEquals(List.of("raw", "png", "jpeg"), wireNames(ImageEncoding.values(), ImageEncoding::wireName));
        assertEquals(List.of("low-confidence", "disagreement", "length-mismatch", "segmentation-guessed", "no-digits"),
                wireNames(ReviewReason.values(), ReviewReason::wireName));
        for (FieldDoubt doubt : FieldDoubt.values()) {
            assertEquals(doubt.wireName(), ReviewReason.of(doubt).wireName(), "every field doubt is a review reason");
        }
        assertEquals(List.of("rolling", "cumulative"), wireNames(WindowKind.values(), WindowKind::wireName));
    }

    @Test
    void enumsSerialiseAsWireNamesAndParseBack() throws Exception {
        assertEquals("\"low-confidence\"", EventJson.mapper().writeValueAsString(ReviewReason.LOW_CONFIDENCE));
        assertEquals(ImageEncoding.JPEG, EventJson.mapper().readValue("\"jpeg\"", ImageEncoding.class));
        assertEquals(WindowKind.CUMULATIVE, WindowKind.fromWireName("cumulative"));
    }

    @Test
    void unknownSpellingNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageEncoding.fromWireName("PNG"));
        assertEquals("unknown image encoding 'PNG', expected one of [raw, png, jpeg]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReviewReason.fromWireName("LOW_CONFIDENCE"));
        assertThrows(IllegalArgumentException.class, () -> DlqReason.fromCode("oops"));
    }

    @Test
    void schemaEnumsMatchJavaEnums() throws IOException {
        assertEquals(wireNames(ImageEncoding.values(), ImageEncoding::wireName),
                strings(schema(Topics.IMAGES + ".schema.json").at("/properties/encoding/enum")));
        assertEquals(wireNames(ReviewReason.values(), ReviewReason::wireName),
                strings(schema(Topics.REVIEW + ".schema.json").at("/properties/reason/enum")));
        assertEquals(wireNames(WindowKind.values(), WindowKind::wireName),
                strings(schema(Topics.METRICS + ".schema.json").at("/properties/window/enum")));
        assertEquals(wireNames(LabelSource.values(), LabelSource::wireName),
                strings(schema(Topics.LABELS + ".schema.json").at("/properties/source/enum")));
        assertEquals(wireNames(ModelRole.values(), ModelRole::wireName),
                strings(schema(Topics.METRICS + ".schema.json").at("/properties/role/enum")));
        assertEquals(wireNames(DlqReason.values(), DlqReason::code),
                strings(schema(Topics.DLQ + ".schema.json").at("/$defs/headers/properties/dlq.reason/enum")));
        assertEquals(wireNames(FieldCharset.values(), FieldCharset::wireName),
                strings(schema(Topics.FIELDS + ".schema.json").at("/properties/charset/enum")));
        assertEquals(wireNames(FieldDoubt.values(), FieldDoubt::wireName),
                strings(schema(Topics.FIELD_READINGS + ".schema.json").at("/properties/doubts/items/enum")));
        assertEquals(wireNames(LabelSource.values(), LabelSource::wireName),
                strings(schema(Topics.FIELD_LABELS + ".schema.json").at("/properties/source/enum")));
        assertEquals(wireNames(ImageEncoding.values(), ImageEncoding::wireName),
                strings(schema(Topics.FIELDS + ".schema.json").at("/properties/encoding/enum")));
        assertEquals(DlqReason.SCHEMA_VIOLATION, DlqReason.fromCode("schema-violation"));
    }

    @Test
    void dlqHeaderNamesMatchTheSchema() throws Exception {
        Set<String> required = new TreeSet<>(strings(schema(Topics.DLQ + ".schema.json").at("/$defs/headers/required")));
        assertEquals(required, new TreeSet<>(constants(DlqHeaders.class)));
        Set<String> optional = new TreeSet<>();
        schema(Topics.DLQ + ".schema.json").at("/$defs/headers/properties").fieldNames().forEachRemaining(optional::add);
        optional.removeAll(required);
        assertEquals(optional, new TreeSet<>(constants(DlqHeaders.Truncation.class)));
    }

    @Test
    void everyTopicButTheDeadLetterTopicHasASchemaWithMatchingId() throws Exception {
        Set<String> topics = new TreeSet<>(constants(Topics.class));
        topics.remove(Topics.DLQ);
        assertEquals(topics, new TreeSet<>(EventSchemas.shared().topics()));
        for (String topic : constants(Topics.class)) {
            JsonNode schema = schema(topic + ".schema.json");
            assertEquals(EventSchemas.ID_BASE + topic + ".schema.json", schema.get("$id").asText());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
            assertTrue(schema.get("title").asText().contains(topic), () -> topic + " title");
        }
    }

    @Test
    void recordComponentsAreTheSchemaProperties() throws Exception {
        assertSameFields(DigitImage.class, Topics.IMAGES + ".schema.json", "/properties");
        assertSameFields(DigitLabel.class, Topics.LABELS + ".schema.json", "/properties");
        assertSameFields(DigitPrediction.class, Topics.PREDICTIONS + ".schema.json", "/properties");
        assertSameFields(ModelPrediction.class, Topics.PREDICTIONS + ".schema.json", "/$defs/modelPrediction/properties");
        assertSameFields(EnsemblePrediction.class, Topics.PREDICTIONS + ".schema.json", "/$defs/ensemblePrediction/properties");
        assertSameFields(ReviewItem.class, Topics.REVIEW + ".schema.json", "/properties");
        assertSameFields(ReviewAnswer.class, Topics.REVIEW_ANSWERS + ".schema.json", "/properties");
        assertSameFields(ImageReference.class, Topics.REVIEW + ".schema.json", "/properties/imageRef/properties");
        assertSameFields(ModelMetrics.class, Topics.METRICS + ".schema.json", "/properties");
        assertSameFields(LatencySummary.class, "common.schema.json", "/$defs/latencySummary/properties");
        assertSameFields(ModelManifest.class, "model-manifest.schema.json", "/properties");
        assertSameFields(ManifestEntry.class, "model-manifest.schema.json", "/$defs/manifestEntry/properties");
        assertSameFields(SmokeTestImage.class, "model-manifest.schema.json", "/$defs/smokeTestImage/properties");
        assertSameFields(ChallengerPrediction.class, Topics.PREDICTIONS + ".schema.json",
                "/$defs/challengerPrediction/properties");
        assertSameFields(ModelPointer.class, "model-pointer.schema.json", "/properties");
    }

    private static void assertSameFields(Class<? extends Record> type, String schemaFile, String pointer) throws IOException {
        Set<String> components = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).forEach(component -> components.add(component.getName()));
        Set<String> properties = new TreeSet<>();
        schema(schemaFile).at(pointer).fieldNames().forEachRemaining(properties::add);
        assertEquals(components, properties, type.getSimpleName());
    }

    private static <E> List<String> wireNames(E[] values, Function<E, String> name) {
        return Arrays.stream(values).map(name).toList();
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array");
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> constants(Class<?> holder) throws IllegalAccessException {
        List<String> values = new java.util.ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }

    private static JsonNode schema(String file) throws IOException {
        try (InputStream in = ContractSpellingTest.class.getResourceAsStream("/schemas/" + file)) {
            assertTrue(in != null, () -> "no schema resource " + file);
            return EventJson.mapper().readTree(in);
        }
    }
}
