package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InvalidSchemaException;
import com.networknt.schema.SchemaLocation;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventSchemasTest {

    private final EventSchemas schemas = EventSchemas.shared();

    @Test
    void sharedInstanceIsBuiltOnce() {
        assertSame(schemas, EventSchemas.shared());
    }

    @Test
    void schemasOutsideTheJarAreRefusedWithoutConnecting() {
        // A loopback address, so even a broken guard could not reach beyond this machine.
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
                () -> EventSchemas.jarOnlyFactory().getSchema(SchemaLocation.of("http://127.0.0.1:9/elsewhere.json")));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void unknownTopicNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> schemas.violations("digits.unknown", EventJson.mapper().createObjectNode()));
        assertTrue(e.getMessage().contains(Topics.IMAGES), e.getMessage());
    }

    @Test
    void deadLetterValuesHaveNoSchemaButTheMessageSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> schemas.violations(Topics.DLQ, EventJson.mapper().createObjectNode()));
        assertTrue(e.getMessage().contains("dlqHeaderViolations"), e.getMessage());
    }

    @Test
    void nestedEventsInAReviewItemAreValidatedToo() throws Exception {
        JsonNode review = EventJson.mapper().valueToTree(SampleEvents.reviewItem("scan-1"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("image")).put("width", 0);
        assertEquals(List.of("$.image.width: must have a minimum value of 1"), schemas.violations(Topics.REVIEW, review));
    }

    @Test
    void concurrentValidationGivesTheSameAnswers() throws Exception {
        JsonNode valid = EventJson.mapper().valueToTree(SampleEvents.prediction("scan-1"));
        JsonNode invalid = EventJson.mapper().valueToTree(new DigitLabel("a", 1, SampleEvents.CAPTURED));
        ((com.fasterxml.jackson.databind.node.ObjectNode) invalid).put("label", 10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = IntStream.range(0, 400)
                    .mapToObj(i -> pool.submit(() -> i % 2 == 0
                            ? schemas.violations(Topics.PREDICTIONS, valid).isEmpty()
                            : schemas.violations(Topics.LABELS, invalid).equals(List.of("$.label: must have a maximum value of 9"))))
                    .toList();
            for (Future<Boolean> answer : answers) {
                assertTrue(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
