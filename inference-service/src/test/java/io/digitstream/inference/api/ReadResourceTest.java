package io.digitstream.inference.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.inference.MnistFixtures;
import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.FieldDoubt;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FormRef;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.LengthRange;
import io.digitstream.simulator.field.ComposedField;
import io.digitstream.simulator.field.FieldComposer;
import io.digitstream.simulator.field.FieldStyle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** POST /api/read on the real quick-trained models: every body it takes, and the hostile ones it refuses. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class,
        initArgs = @ResourceArg(name = EmbeddedKafkaTestResource.PARTITIONS_ARG, value = "3"))
class ReadResourceTest {

    private static final FieldComposer COMPOSER = new FieldComposer(MnistFixtures.testSplit());

    @Test
    void pngFieldsAreReadWithTheirLengthHint() {
        SplittableRandom random = new SplittableRandom(21);
        int exact = 0;
        for (int i = 0; i < 10; i++) {
            ComposedField field = COMPOSER.compose(FieldStyle.gapsOnly(5), random);
            FieldReading reading = given().contentType("image/png").body(field.png()).queryParam("length", "5")
                    .when().post("/api/read")
                    .then().statusCode(200)
                    .extract().as(FieldReading.class);
            assertEquals(5, reading.value().length(), "the hint holds the cut to five digits");
            assertEquals(4, reading.digits().get(0).models().size(), "every model reads every digit");
            assertTrue(reading.id().startsWith("upload-"));
            exact += reading.value().equals(field.value()) ? 1 : 0;
        }
        // The quick models read such fields exactly 82 % of the time (FieldReadingBenchmark, docs/benchmarks.md).
        assertTrue(exact >= 5, exact + " of 10 fields read exactly");
    }

    @Test
    void aFieldEventKeepsItsIdAndFormAndMultipartTakesTheLengthAsAPart() {
        ComposedField field = COMPOSER.compose(new int[] {0, 1, 2}, FieldStyle.gapsOnly(3), new SplittableRandom(2));
        FieldImage event = new FieldImage("postcode-77", new FormRef("claim-1", "postcode"), Instant.now(),
                ImageEncoding.PNG, field.width(), field.height(), field.png(), LengthRange.exactly(3));
        given().contentType("application/json").body(MnistFixtures.json(event))
                .when().post("/api/read")
                .then().statusCode(200)
                .body("id", equalTo("postcode-77"))
                .body("form.field", equalTo("postcode"))
                .body("digits", hasSize(3))
                .body("value", equalTo(field.value()));
        given().multiPart("file", "field.png", field.png(), "image/png").multiPart("length", "2-4")
                .when().post("/api/read")
                .then().statusCode(200)
                .body("digits.size()", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(2), org.hamcrest.Matchers.lessThanOrEqualTo(4)));
    }

    @Test
    void aBlankFieldIsReadAsNothingAndSaysSo() {
        FieldImage blank = new FieldImage("blank-1", null, Instant.now(), ImageEncoding.RAW, 80, 30, new byte[80 * 30],
                null);
        FieldReading reading = given().contentType("application/json").body(MnistFixtures.json(blank))
                .when().post("/api/read")
                .then().statusCode(200)
                .extract().as(FieldReading.class);
        assertEquals("", reading.value());
        assertEquals(List.of(FieldDoubt.NO_DIGITS), reading.doubts());
        assertEquals(0.0, reading.confidence());
    }

    @Test
    void hostileInputIsRefusedWithTheDlqReasonAndTheServiceKeepsReading() throws Exception {
        byte[] png = COMPOSER.compose(new int[] {4, 5}, FieldStyle.gapsOnly(2), new SplittableRandom(3)).png();
        for (String length : List.of("0", "33", "5-3", "abc", "1-", "-1", "9".repeat(400))) {
            given().contentType("image/png").body(png).queryParam("length", length)
                    .when().post("/api/read")
                    .then().statusCode(400)
                    .body("reason", equalTo("schema-violation"))
                    .body("detail", containsString("must be a number of digits"));
        }
        given().contentType("image/png").body(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2})
                .when().post("/api/read")
                .then().statusCode(400).body("reason", equalTo("corrupt-image"));
        given().contentType("application/octet-stream").body(new byte[784])
                .when().post("/api/read")
                .then().statusCode(415);
        given().contentType("application/json").body("{\"id\":")
                .when().post("/api/read")
                .then().statusCode(400).body("reason", equalTo("invalid-json"));
        FieldImage valid = new FieldImage("f-1", null, Instant.now(), ImageEncoding.RAW, 80, 30, new byte[80 * 30], null);
        ObjectNode bothHints = EventJson.mapper().valueToTree(valid);
        bothHints.put("expectedLength", 3).putObject("lengthRange").put("min", 1).put("max", 4);
        given().contentType("application/json").body(EventJson.mapper().writeValueAsBytes(bothHints))
                .when().post("/api/read")
                .then().statusCode(400).body("reason", equalTo("schema-violation"));
        ObjectNode reversed = EventJson.mapper().valueToTree(valid);
        reversed.putObject("lengthRange").put("min", 7).put("max", 2);
        given().contentType("application/json").body(EventJson.mapper().writeValueAsBytes(reversed))
                .when().post("/api/read")
                .then().statusCode(400).body("detail", containsString("must not exceed"));
        FieldImage huge = new FieldImage("f-2", null, Instant.now(), ImageEncoding.RAW, 4096, 4096, new byte[] {1}, null);
        given().contentType("application/json").body(MnistFixtures.json(huge))
                .when().post("/api/read")
                .then().statusCode(413).body("reason", equalTo("image-too-large"));
        given().multiPart("length", "3")
                .when().post("/api/read")
                .then().statusCode(400).body("detail", containsString("'file'"));
        given().multiPart("file", "field.gif", png, "image/gif")
                .when().post("/api/read")
                .then().statusCode(400).body("reason", equalTo("corrupt-image"));
        // Still reading after all of that.
        given().contentType("image/png").body(png).queryParam("length", "2")
                .when().post("/api/read")
                .then().statusCode(200).body("digits", hasSize(2));
    }
}
