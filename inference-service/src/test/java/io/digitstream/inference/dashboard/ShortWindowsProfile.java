package io.digitstream.inference.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Rolling windows of seconds instead of minutes, so the dashboard's charts get several points within a test run.
 * Only the lengths change; the topology and every endpoint are the ones the service runs with.
 */
public class ShortWindowsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "digitstream.metrics.window.size", "10s",
                "digitstream.metrics.window.advance", "2s",
                "digitstream.metrics.window.grace", "1s",
                "digitstream.metrics.cumulative-emit-interval", "2s");
    }
}
