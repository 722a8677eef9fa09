package io.digitstream.inference.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTP authentication switched on, through the real service: the probes stay open, everything else needs a known
 * user with the right role, by Basic or Bearer; hostile headers are refused without harm; every answer carries the
 * security headers.
 */
@QuarkusTest
@TestProfile(HttpAuthenticationTest.AuthOn.class)
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true)
class HttpAuthenticationTest {
    static final String VIEWER_TOKEN = "viewer-token-0123456789abcdef";
    static final String PREDICTOR_TOKEN = "predictor-token-0123456789abcdef";
    static final String OPERATOR_PASSWORD = "correct horse battery staple";
    static final String REVIEWER_TOKEN = "reviewer-token-0123456789abcdef";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("http-users-", ".properties");
                Files.writeString(file, HttpCredentialsTest.sha256Line("dashboard", "viewer", VIEWER_TOKEN)
                        + HttpCredentialsTest.sha256Line("scanner", "predictor", PREDICTOR_TOKEN)
                        + HttpCredentialsTest.sha256Line("clerk", "reviewer", REVIEWER_TOKEN)
                        + HttpCredentialsTest.pbkdf2Line("ops", "operator", OPERATOR_PASSWORD));
                return Map.of("digitstream.http.auth.enabled", "true",
                        "digitstream.http.auth.credentials-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void probesAndMetricsStayOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void withoutCredentialsTheDashboardAndTheApisAskForThem() {
        for (String path : new String[] {"/", "/dashboard.js", "/api/recent", "/api/review", "/api/models",
                "/api/metrics/live", "/q/health/../../api/recent"}) {
            given().when().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Basic realm=\"digit-stream\""));
        }
        given().contentType("application/json").body("{}").when().post("/api/predict").then().statusCode(401);
    }

    @Test
    void aViewerSeesTheDashboardButMayNotPredict() {
        given().auth().preemptive().basic("dashboard", VIEWER_TOKEN).when().get("/").then().statusCode(200);
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).when().get("/api/recent").then().statusCode(200);
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).contentType("application/json").body("{}")
                .when().post("/api/predict").then().statusCode(403);
    }

    @Test
    void aReviewerSeesTheDashboardAndAnswersTheQueueButMayNotPredictOrReload() {
        String answer = "/api/review/no-such-image/answer";
        given().header("Authorization", "Bearer " + REVIEWER_TOKEN).when().get("/api/review").then().statusCode(200);
        // 404: past the permission check, the image is simply not waiting.
        given().header("Authorization", "Bearer " + REVIEWER_TOKEN).contentType("application/json")
                .body("{\"digit\": 1}").when().post(answer).then().statusCode(404);
        given().auth().preemptive().basic("ops", OPERATOR_PASSWORD).contentType("application/json")
                .body("{\"digit\": 1}").when().post(answer).then().statusCode(404);
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).contentType("application/json")
                .body("{\"digit\": 1}").when().post(answer).then().statusCode(403);
        given().header("Authorization", "Bearer " + PREDICTOR_TOKEN).contentType("application/json")
                .body("{\"digit\": 1}").when().post(answer).then().statusCode(403);
        given().contentType("application/json").body("{\"digit\": 1}").when().post(answer).then().statusCode(401);
        given().header("Authorization", "Bearer " + REVIEWER_TOKEN).contentType("application/json").body("{}")
                .when().post("/api/predict").then().statusCode(403);
        given().header("Authorization", "Bearer " + REVIEWER_TOKEN).when().post("/api/models/reload").then().statusCode(403);
        given().auth().preemptive().basic("ops", OPERATOR_PASSWORD).when().post("/api/models/reload").then().statusCode(200);
    }

    @Test
    void aPredictorMayPredictAndAnOperatorMayDoEverything() {
        // 400: past the permission check, refused by the service for the empty event itself.
        given().header("Authorization", "Bearer " + PREDICTOR_TOKEN).contentType("application/json").body("{}")
                .when().post("/api/predict").then().statusCode(400);
        given().header("Authorization", "Bearer " + PREDICTOR_TOKEN).when().get("/api/recent").then().statusCode(403);
        given().auth().preemptive().basic("ops", OPERATOR_PASSWORD).contentType("application/json").body("{}")
                .when().post("/api/predict").then().statusCode(400);
        given().auth().preemptive().basic("ops", OPERATOR_PASSWORD).when().get("/api/models").then().statusCode(200);
    }

    @Test
    void wrongOrHostileCredentialsAreRefusedAndTheServiceCarriesOn() {
        given().auth().preemptive().basic("ops", "wrong").when().get("/api/models").then().statusCode(401);
        given().auth().preemptive().basic("nobody", OPERATOR_PASSWORD).when().get("/api/models").then().statusCode(401);
        // The operator's password is no bearer token; a viewer's token is not another user's password.
        given().header("Authorization", "Bearer " + OPERATOR_PASSWORD).when().get("/api/models").then().statusCode(401);
        given().auth().preemptive().basic("ops", VIEWER_TOKEN).when().get("/api/models").then().statusCode(401);
        for (String header : new String[] {"Basic !!!not-base64!!!", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("no-colon".getBytes()), "Bearer", "Bearer ", "Digest x", "Basic",
                "Bearer " + "A".repeat(8000), "basic " + "\u00e9".repeat(10)}) {
            given().header("Authorization", header).when().get("/api/models").then().statusCode(401);
        }
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).when().get("/api/recent").then().statusCode(200);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersWithoutInlineScript() {
        given().auth().preemptive().basic("dashboard", VIEWER_TOKEN).when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
        given().when().get("/q/health/live").then().header("X-Content-Type-Options", "nosniff");
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).when().get("/api/recent").then()
                .header("Cache-Control", "no-store");
    }
}
