package io.digitstream.inference.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/recent} with a prediction whose times the schema accepts but no clock would give, as anyone who can
 * write to {@code digits.predictions} could publish: the view answers 200 and shows the times as they are.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class RecentDigitsResourceTest {

    @Inject
    RecentDigits recentDigits;

    @Test
    void aPredictionWithExtremeTimesIsListedInsteadOfFailingTheRequest() {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.0));
        probabilities.set(7, 1.0);
        DigitPrediction extreme = new DigitPrediction("extreme-times",
                List.of(new ModelPrediction("mlp", "1", 7, 1.0, probabilities, 0.5)),
                new EnsemblePrediction(7, 1.0, probabilities), true, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"));
        byte[] bytes = new DigitPredictionSerde.Serializer().serialize(Topics.PREDICTIONS, extreme);
        recentDigits.prediction(new ConsumerRecord<>(Topics.PREDICTIONS, 0, 0, extreme.id(), bytes));

        JsonPath recent = given().get("/api/recent").then().statusCode(200).extract().jsonPath();
        Map<String, Object> shown = recent.getMap("find { it.id == 'extreme-times' }");
        assertEquals("9999-12-31T23:59:59.999Z", shown.get("predictedAt"));
        // Capture to prediction, about 3.2e14 ms (JsonPath reads decimals as floats: 7 digits).
        assertEquals(3.155695199999999e14, ((Number) shown.get("endToEndMs")).doubleValue(), 1e8);
    }
}
