package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both deployments of the service image run with HTTP authentication on, their users from a mounted Secret, while
 * what the platform calls without credentials (the probes, Prometheus' scrape) stays on the service's open paths.
 */
class HttpSecurityManifestsTest {

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theServiceAuthenticatesHttpAndLeavesOnlyProbesAndScrapesOpen(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        InferenceServiceConfig config = InferenceServiceConfig.load();
        Set<String> open = Arrays.stream(config.resolved("quarkus.http.auth.permission.open.paths").split(","))
                .map(String::trim).collect(Collectors.toSet());
        assertEquals("permit", config.resolved("quarkus.http.auth.permission.open.policy"));
        for (String name : List.of("inference-service", "live-metrics")) {
            JsonNode template = Kustomize.named(documents, "Deployment", name).path("spec").path("template");
            JsonNode container = template.path("spec").path("containers").get(0);
            String what = overlay + ": " + name;
            assertEquals("true", Kustomize.env(container, "DIGITSTREAM_HTTP_AUTH_ENABLED"),
                    what + ": HTTP authentication off");
            String file = Kustomize.env(container, "DIGITSTREAM_HTTP_AUTH_CREDENTIALS_FILE");
            assertTrue(file != null && !KubernetesManifestsTest.volumeSourceContaining(template, container, file)
                    .path("secret").path("secretName").asText().isEmpty(), what + ": the users must come from a Secret");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertTrue(isOpen(open, path), what + ": the " + probe + " on " + path + " would get 401");
            }
        }
        for (JsonNode monitor : Kustomize.ofKind(documents, "PodMonitor")) {
            for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                assertTrue(isOpen(open, endpoint.path("path").asText()),
                        overlay + ": Prometheus scrapes " + endpoint.path("path").asText() + " without credentials");
            }
        }
    }

    /** Quarkus' path matching: an exact path, or a {@code /prefix/*} that covers everything under the prefix. */
    private static boolean isOpen(Set<String> open, String path) {
        return open.stream().anyMatch(pattern -> pattern.endsWith("/*")
                ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(path));
    }
}
