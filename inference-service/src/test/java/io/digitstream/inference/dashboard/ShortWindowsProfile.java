package io.digitstream.inference.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Rolling windows of seconds instead of minutes, so the dashboard's charts get several points within a test run.
 * Only the lengths change; the topology and every endpoint are the ones the service runs with. The topology gets its
 * own state directory: state another test's broker left in the shared default would be restored as corrupted first.
 */
public class ShortWindowsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "digitstream.metrics.window.size", "10s",
                "digitstream.metrics.window.advance", "2s",
                "digitstream.metrics.window.grace", "1s",
                "digitstream.metrics.cumulative-emit-interval", "2s",
                "kafka-streams.state.dir",
                Path.of("target", "dashboard-test", "kafka-streams-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
