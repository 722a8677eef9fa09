package io.digitstream.inference.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.schemas.DigitPrediction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The HTTP side on the real quick-trained models: synchronous prediction, the model list, health, metrics. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class PredictResourceTest {

    @Test
    void pngScansArePredictedLikeTheirLabels() {
        long correct = IntStream.range(0, 20)
                .filter(i -> given().contentType("image/png").body(MnistFixtures.scanPng(i, 4))
                        .when().post("/api/predict")
                        .then().statusCode(200)
                        .extract().as(DigitPrediction.class).ensemble().digit() == MnistFixtures.label(i))
                .count();

        assertTrue(correct >= 17, correct + " of 20 PNG scans predicted correctly");
    }

    @Test
    void jsonEventGetsAPredictionWithEveryModel() {
        given().contentType("application/json").body(MnistFixtures.json(MnistFixtures.rawEvent("rest-json-1", 0)))
                .when().post("/api/predict")
                .then().statusCode(200)
                .body("id", equalTo("rest-json-1"))
                .body("models", hasSize(4))
                .body("models.model", hasItems("mlp", "rnn", "gru", "cnn"))
                .body("ensemble.digit", equalTo(MnistFixtures.label(0)))
                .body("ensemble.probabilities", hasSize(10));
    }

    @Test
    void rawBytesAndMultipartUploadsAreAccepted() {
        given().contentType("application/octet-stream").body(MnistFixtures.testSplit().images().image(1))
                .when().post("/api/predict")
                .then().statusCode(200)
                .body("ensemble.digit", equalTo(MnistFixtures.label(1)));
        given().multiPart("file", "digit.png", MnistFixtures.scanPng(2, 2), "image/png")
                .when().post("/api/predict")
                .then().statusCode(200)
                .body("id", startsWith("upload-"))
                .body("ensemble.digit", equalTo(MnistFixtures.label(2)));
    }

    @Test
    void invalidInputIsRefusedWithTheDlqReason() {
        given().contentType("application/json").body("{\"id\":")
                .when().post("/api/predict")
                .then().statusCode(400)
                .body("reason", equalTo("invalid-json"));
        given().contentType("image/png").body("not a png".getBytes())
                .when().post("/api/predict")
                .then().statusCode(400)
                .body("reason", equalTo("corrupt-image"));
        given().contentType("application/octet-stream").body(new byte[100])
                .when().post("/api/predict")
                .then().statusCode(400)
                .body("reason", equalTo("wrong-size"));
    }

    @Test
    void modelsEndpointListsTheVerifiedManifest() {
        given().when().get("/api/models")
                .then().statusCode(200)
                .body("models", hasSize(4))
                .body("models.name", hasItems("mlp", "rnn", "gru", "cnn"))
                .body("models[0].sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
    }

    @Test
    void readyOnceModelsAreLoadedAndKafkaIsReachable() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("onnx-models"));
    }

    @Test
    void prometheusMetricsIncludeInferenceLatencyAndConsumerLag() {
        given().contentType("image/png").body(MnistFixtures.scanPng(3, 2)).when().post("/api/predict")
                .then().statusCode(200);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("digitstream_inference_latency_seconds_bucket{model=\"cnn\""))
                .body(containsString("digitstream_batch_size"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag"));
    }
}
