package io.digitstream.inference.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.kafka.PipelineTestClient;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.kafka.embedded.InjectEmbeddedKafka;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.LabelSource;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A reviewer answers the dashboard's review queue through the real broker: a digit answer is kept with its scan on
 * digits.review-answers and becomes a label on digits.labels (source review); "not a digit" is kept but labels
 * nothing; the item leaves the queue; every hostile request is refused with a reason and publishes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true)
class ReviewAnswerResourceTest {

    @InjectEmbeddedKafka
    EmbeddedKafkaBroker broker;

    @Test
    void answersAreKeptWithTheirScanLabelTheImageAndLeaveTheQueue() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String seven = run + "-seven";
        String smudge = run + "-smudge";
        String other = run + "-other";
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofSeconds(30));
        awaitQueued(client, List.of(seven, smudge, other));

        given().contentType(ContentType.JSON).body("{\"digit\": 7}").post("/api/review/" + seven + "/answer")
                .then().statusCode(200).body("digit", is(7)).body("reviewer", is("anonymous"))
                .body("labelPublished", is(true));
        given().contentType(ContentType.JSON).body("{\"notADigit\": true}").post("/api/review/" + smudge + "/answer")
                .then().statusCode(200).body("notADigit", is(true)).body("labelPublished", is(false));
        given().contentType(ContentType.JSON).body("{\"digit\": 1}").post("/api/review/" + seven + "/answer")
                .then().statusCode(404).body("error", containsString("not waiting in the review queue"));

        List<String> waiting = given().get("/api/review").then().statusCode(200).extract().jsonPath().getList("newest.id");
        assertTrue(waiting.contains(other) && !waiting.contains(seven) && !waiting.contains(smudge), waiting.toString());

        Map<String, ReviewAnswer> answers = new ConcurrentHashMap<>();
        client.readUntil(Topics.REVIEW_ANSWERS, r -> r.key().startsWith(run), r -> answers.put(r.key(),
                PipelineTestClient.read(r.value(), ReviewAnswer.class)), () -> answers.size() >= 2);
        assertEquals(2, answers.size(), answers.keySet().toString());
        assertEquals(7, answers.get(seven).digit());
        assertEquals(seven, answers.get(seven).item().id(), "the answer keeps its review item");
        assertEquals(MnistFixtures.rawEvent(seven, 0).data(), answers.get(seven).item().image().data(),
                "and the scan in it");
        assertTrue(answers.get(smudge).notADigit());
        assertNull(answers.get(smudge).digit());

        List<DigitLabel> labels = Collections.synchronizedList(new ArrayList<>());
        client.readUntil(Topics.LABELS, r -> r.key().startsWith(run),
                r -> labels.add(PipelineTestClient.read(r.value(), DigitLabel.class)), () -> !labels.isEmpty());
        assertEquals(1, labels.size(), "one label, for the digit; none for the smudge: " + labels);
        assertEquals(seven, labels.get(0).id());
        assertEquals(7, labels.get(0).label());
        assertEquals(LabelSource.REVIEW, labels.get(0).source());
    }

    @Test
    void hostileAnswersAreRefusedWithAReasonAndPublishNothingAndTheNextValidOneIsSaved() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = run + "-target";
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofSeconds(30));
        awaitQueued(client, List.of(id));
        String path = "/api/review/" + id + "/answer";

        for (String body : List.of("{\"digit\": 10}", "{\"digit\": -1}", "{}", "{\"notADigit\": false}",
                "{\"digit\": 3, \"notADigit\": true}", "{\"digit\": 2147483648}")) {
            given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body("{\"digit\":").post(path).then().statusCode(400);
        given().contentType(ContentType.JSON).body("[7]").post(path).then().statusCode(400);
        given().contentType(ContentType.TEXT).body("7").post(path).then().statusCode(415);
        given().contentType(ContentType.JSON).body("{\"digit\": 1, \"pad\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .post(path).then().statusCode(413);
        given().contentType(ContentType.JSON).body("{\"digit\": 1}").post("/api/review/no-such-image/answer")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"digit\": 1}").post("/api/review/" + "a".repeat(200) + "/answer")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"digit\": 1}").post("/api/review/bad%20id/answer")
                .then().statusCode(400);

        List<String> waiting = given().get("/api/review").then().statusCode(200).extract().jsonPath().getList("newest.id");
        assertTrue(waiting.contains(id), "a refused answer leaves the item waiting");
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        client.readUntil(Topics.REVIEW_ANSWERS, r -> r.key().startsWith(run), r -> published.add(r.key()), () -> true);
        assertEquals(List.of(), published);

        // After all that, a valid answer for the same item is saved as usual.
        given().contentType(ContentType.JSON).body("{\"digit\": 2}").post(path).then().statusCode(200);
        client.readUntil(Topics.REVIEW_ANSWERS, r -> r.key().startsWith(run), r -> published.add(r.key()),
                () -> !published.isEmpty());
        assertEquals(List.of(id), published);
    }

    @Test
    void aDoubtfulFieldIsShownWithItsBoxesAndAnsweredWithItsDigits() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String postcode = run + "-postcode";
        String blank = run + "-blank";
        String digit = run + "-digit";
        PipelineTestClient client = new PipelineTestClient(broker, Duration.ofSeconds(30));
        awaitQueued(client, List.of(postcode, blank, digit), id -> id.equals(digit) ? item(id) : fieldItem(id));

        Map<String, Object> entry = given().get("/api/review").then().statusCode(200).extract().jsonPath()
                .getMap("newest.find { it.id == '" + postcode + "' }");
        assertEquals("12", entry.get("value"));
        assertEquals(List.of("low-confidence"), entry.get("doubts"));
        assertEquals(2, ((List<?>) entry.get("boxes")).size());
        assertTrue(String.valueOf(entry.get("thumbnail")).startsWith("data:image/png;base64,"));
        assertEquals("12", ((Map<?, ?>) ((List<?>) entry.get("fieldModels")).get(0)).get("value"));

        String path = "/api/review/" + postcode + "/answer";
        for (String body : List.of("{\"digit\": 1}", "{\"value\": \"\"}", "{\"value\": \"1a\"}",
                "{\"value\": \"" + "1".repeat(33) + "\"}", "{\"value\": 12}", "{\"value\": \"12\", \"notADigit\": true}",
                "{\"value\": \" 12\"}", "{\"value\": [\"12\"]}", "{\"value\": {\"a\": 1}}", "{\"value\": true}")) {
            given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body("{\"value\": \"7\"}").post("/api/review/" + digit + "/answer")
                .then().statusCode(400).body("error", containsString("single digit"));
        given().contentType(ContentType.JSON).body("{\"value\": \"17\"}").post(path)
                .then().statusCode(200).body("value", is("17")).body("labelPublished", is(true));
        given().contentType(ContentType.JSON).body("{\"notADigit\": true}").post("/api/review/" + blank + "/answer")
                .then().statusCode(200).body("labelPublished", is(false));

        Map<String, ReviewAnswer> answers = new ConcurrentHashMap<>();
        client.readUntil(Topics.REVIEW_ANSWERS, r -> r.key().startsWith(run), r -> answers.put(r.key(),
                PipelineTestClient.read(r.value(), ReviewAnswer.class)), () -> answers.size() >= 2);
        assertEquals("17", answers.get(postcode).value());
        assertTrue(answers.get(postcode).item().isField(), "the answer keeps the field's review item");
        assertTrue(answers.get(blank).notADigit());
        List<FieldLabel> labels = Collections.synchronizedList(new ArrayList<>());
        client.readUntil(Topics.FIELD_LABELS, r -> r.key().startsWith(run),
                r -> labels.add(PipelineTestClient.read(r.value(), FieldLabel.class)), () -> !labels.isEmpty());
        assertEquals(List.of(new FieldLabel(1, postcode, "17", labels.get(0).labeledAt(), LabelSource.REVIEW)), labels);
        List<String> digitLabels = Collections.synchronizedList(new ArrayList<>());
        client.readUntil(Topics.LABELS, r -> r.key().startsWith(run), r -> digitLabels.add(r.key()), () -> true);
        assertEquals(List.of(), digitLabels, "a field's answer labels no single digit");
    }

    /** A doubtful two-digit field ("12", low confidence) with its PNG scan. */
    private static ReviewItem fieldItem(String id) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.4 / 9));
        probabilities.set(1, 0.6);
        List<Double> two = new ArrayList<>(Collections.nCopies(10, 0.4 / 9));
        two.set(2, 0.6);
        List<FieldDigit> digits = List.of(
                new FieldDigit(new DigitBox(8, 6, 20, 30), new EnsemblePrediction(1, 0.6, probabilities),
                        List.of(new ModelPrediction("mlp", "1", 1, 0.6, probabilities, 0.1)), true),
                new FieldDigit(new DigitBox(40, 6, 22, 30), new EnsemblePrediction(2, 0.6, two),
                        List.of(new ModelPrediction("mlp", "1", 2, 0.6, two, 0.1)), true));
        FieldReading reading = new FieldReading(id, null, digits, new FieldSegmentation(false, false),
                List.of(FieldDoubt.LOW_CONFIDENCE), Instant.now(), Instant.now(), Instant.now(), "1");
        FieldImage scan = new FieldImage(id, null, Instant.now(), ImageEncoding.PNG, 84, 84,
                MnistFixtures.scanPng(3, 3), null);
        return ReviewItem.field(reading, scan, Instant.now());
    }

    /** Publishes a low-confidence review item per id and waits until the dashboard's queue lists them all. */
    private void awaitQueued(PipelineTestClient client, List<String> ids) throws Exception {
        awaitQueued(client, ids, ReviewAnswerResourceTest::item);
    }

    private void awaitQueued(PipelineTestClient client, List<String> ids,
            java.util.function.Function<String, ReviewItem> items) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (String id : ids) {
            records.add(new ProducerRecord<>(Topics.REVIEW, id, MnistFixtures.json(items.apply(id))));
        }
        Instant deadline = Instant.now().plusSeconds(30);
        // The queue's consumer starts at the newest record once assigned: publish until it has seen them.
        while (Instant.now().isBefore(deadline)) {
            client.publish(records);
            Thread.sleep(500);
            List<String> waiting = given().get("/api/review").then().statusCode(200).extract().jsonPath()
                    .getList("newest.id");
            if (waiting.containsAll(ids)) {
                return;
            }
        }
        throw new AssertionError("the review queue never listed " + ids);
    }

    private static ReviewItem item(String id) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.5 / 9));
        probabilities.set(1, 0.5);
        DigitPrediction prediction = new DigitPrediction(id,
                List.of(new ModelPrediction("mlp", "1", 1, 0.5, probabilities, 0.1)),
                new EnsemblePrediction(1, 0.5, probabilities), true, Instant.now(), Instant.now(), Instant.now());
        return new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction, MnistFixtures.rawEvent(id, 0), Instant.now());
    }
}
