package io.digitstream.inference.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.schemas.DigitPrediction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The HTTP side on the real quick-trained models: synchronous prediction, the model list, health, metrics. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class PredictResourceTest {

    @Inject
    PredictionSlots slots;

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

    /** Every slot taken (held here, as long-running predictions would): the next request is refused at once. */
    @Test
    void aPredictionOverTheConcurrencyLimitIsRefusedAtOnceWithRetryAfter() throws Exception {
        List<PredictionSlots.Slot> held = new ArrayList<>();
        try {
            held.addAll(PredictionSlotsTest.takeAll(slots));
            long start = System.nanoTime();
            given().contentType("image/png").body(MnistFixtures.scanPng(4, 2))
                    .when().post("/api/predict")
                    .then().statusCode(429)
                    .header("Retry-After", "1")
                    .body("reason", equalTo("too-many-requests"))
                    .body("detail", containsString(held.size() + " predictions are already running"));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused without waiting for a slot");
        } finally {
            held.forEach(PredictionSlots.Slot::close);
        }
        given().contentType("image/png").body(MnistFixtures.scanPng(4, 2))
                .when().post("/api/predict")
                .then().statusCode(200)
                .body("ensemble.digit", equalTo(MnistFixtures.label(4)));
    }

    /**
     * Many parallel uploads, large scans and truncated JPEGs mixed: each is answered (predicted, refused as corrupt
     * or refused for load, nothing else), and every slot is free again afterwards, failures included.
     */
    @Test
    void manyParallelUploadsAreEachAnsweredAndFreeTheirSlots() throws Exception {
        byte[] scan = MnistFixtures.scanPng(5, 40);
        byte[] truncatedJpeg = truncatedJpeg();
        int capacity = PredictionSlotsTest.capacityOf(slots);
        int requests = 6 * capacity;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                boolean valid = i % 3 != 0;
                statuses.add(clients.submit(() -> {
                    io.restassured.response.Response response = valid
                            ? given().contentType("image/png").body(scan).when().post("/api/predict")
                            : given().contentType("image/jpeg").body(truncatedJpeg).when().post("/api/predict");
                    int status = response.statusCode();
                    if (status == 429) {
                        assertEquals("1", response.header("Retry-After"));
                    } else {
                        assertEquals(valid ? 200 : 400, status, response.asString());
                    }
                    return status;
                }));
            }
            int predicted = 0;
            for (Future<Integer> status : statuses) {
                predicted += status.get(120, TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            assertTrue(predicted >= 1, "at least one of the parallel scans was predicted");
        } finally {
            clients.shutdownNow();
        }
        List<PredictionSlots.Slot> all = PredictionSlotsTest.takeAll(slots);
        all.forEach(PredictionSlots.Slot::close);
        assertEquals(capacity, all.size(), "every slot is free again");
    }

    @Test
    void truncatedJpegUploadIsRefusedAsCorrupt() throws Exception {
        given().contentType("image/jpeg").body(truncatedJpeg())
                .when().post("/api/predict")
                .then().statusCode(400)
                .body("reason", equalTo("corrupt-image"))
                .body("detail", containsString("damaged"));
    }

    /** quarkus.http.limits.max-body-size is the payload limit: a larger body never reaches the resource. */
    @Test
    void bodyOverThePayloadLimitIsRefusedByTheHttpLayer() throws Exception {
        int limit = ConfigProvider.getConfig().getValue("digitstream.limits.max-payload-bytes", Integer.class);

        // The headers alone announce the size, and the HTTP layer answers 413 before reading a byte of the body.
        // (Sending the body as well races the server closing the connection: the client then sees a broken pipe.)
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: " + (limit + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "status line: " + status);
        }
    }

    @Test
    void modelsEndpointListsTheVerifiedManifest() {
        given().when().get("/api/models")
                .then().statusCode(200)
                .body("champion.manifest.models", hasSize(4))
                .body("champion.manifest.models.name", hasItems("mlp", "rnn", "gru", "cnn"))
                .body("champion.manifest.models[0].sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("champion.version", org.hamcrest.Matchers.notNullValue())
                .body("champion.loadedAt", org.hamcrest.Matchers.notNullValue())
                .body("challenger", org.hamcrest.Matchers.nullValue())
                .body("lastReload.result", is("SWAPPED"));
    }

    @Test
    void readyOnceModelsAreLoadedAndKafkaIsReachable() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("onnx-models", "SmallRye Reactive Messaging - readiness check",
                        "Kafka Streams topics health check"));
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

    /** MNIST digit 6 as a 280x280 JPEG scan, cut at 90 %: inside the image data. */
    private static byte[] truncatedJpeg() throws Exception {
        BufferedImage scan = ImageIO.read(new ByteArrayInputStream(MnistFixtures.scanPng(6, 10)));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(scan, "jpeg", jpeg);
        return Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 9 / 10);
    }
}
