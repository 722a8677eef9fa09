package io.digitstream.inference.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/health/ready} follows the broker: UP while it is reachable, DOWN (503) once it is gone, because of the
 * Kafka checks (the models stay loaded), and UP again when it is back. The readiness of the Kafka side comes from
 * the SmallRye Kafka connector (every channel, by its client's live connections) and from Kafka Streams (its
 * topics, asked of the broker); this test is what shows they are there and work. It stops and restarts its own
 * broker ({@link RestartableKafka}), so it runs in a profile without the global test resources.
 */
@QuarkusTest
@TestProfile(ReadinessFollowsKafkaTest.DedicatedBroker.class)
class ReadinessFollowsKafkaTest {

    private static final String MESSAGING = "SmallRye Reactive Messaging - readiness check";
    private static final String STREAMS = "Kafka Streams topics health check";
    private static final String MODELS = "onnx-models";

    /** Only the restartable broker, and a Kafka Streams state directory of its own. */
    public static class DedicatedBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartableKafka.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-streams.state.dir", Path.of("target", "readiness-test",
                    "kafka-streams-" + UUID.randomUUID()).toAbsolutePath().toString());
        }
    }

    RestartableKafka kafka;

    @Test
    void readyExactlyWhileTheBrokerIsReachable() {
        JsonPath up = awaitReadiness(200, Duration.ofSeconds(30));
        assertEquals("UP", up.getString("status"));
        assertEquals("UP", status(up, MESSAGING));
        assertEquals("[OK]", up.getString("checks.find { it.name == '" + MESSAGING + "' }.data.images"));
        assertEquals("UP", status(up, STREAMS));
        assertEquals("UP", status(up, MODELS));

        kafka.stopBroker();
        // The Streams check waits up to its admin timeout (10 s) for an answer that cannot come.
        JsonPath down = awaitReadiness(503, Duration.ofSeconds(40));
        assertEquals("DOWN", down.getString("status"));
        assertEquals("DOWN", status(down, MESSAGING));
        assertEquals("[KO]", down.getString("checks.find { it.name == '" + MESSAGING + "' }.data.images"));
        assertEquals("[KO]", down.getString("checks.find { it.name == '" + MESSAGING + "' }.data.outputs"));
        assertEquals("DOWN", status(down, STREAMS));
        assertEquals("UP", status(down, MODELS), "the models did not go anywhere: Kafka is why it is not ready");

        kafka.startBroker();
        JsonPath again = awaitReadiness(200, Duration.ofSeconds(40));
        assertEquals("UP", again.getString("status"));
        assertEquals("UP", status(again, MESSAGING));
        assertEquals("UP", status(again, STREAMS));
    }

    private static String status(JsonPath health, String check) {
        return health.getString("checks.find { it.name == '" + check + "' }.status");
    }

    private static JsonPath awaitReadiness(int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last;
        do {
            last = given().get("/q/health/ready");
            if (last.statusCode() == status) {
                return last.jsonPath();
            }
            sleep(Duration.ofMillis(500));
        } while (System.nanoTime() < deadline);
        fail("/q/health/ready did not answer " + status + " within " + timeout + "; last: " + last.statusCode() + " "
                + last.asString());
        return null;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }
}
