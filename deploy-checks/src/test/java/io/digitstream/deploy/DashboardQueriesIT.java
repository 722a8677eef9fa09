package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL query of the Grafana dashboards, evaluated by a real Prometheus that scrapes the packaged inference
 * service while it processes images from a real (embedded) Kafka broker. A query passes when it returns at least one
 * series with a finite value, i.e. the panel would show a line: a renamed metric or label fails the build.
 */
class DashboardQueriesIT {

    /** Prometheus here scrapes every second; Grafana's $__rate_interval would be at least four scrapes. */
    private static final String RATE_INTERVAL = "15s";
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final Duration POLL = Duration.ofSeconds(3);
    private static final String JOB = "inference-service";

    /** Short live-metrics windows so rolling accuracy and F1 appear within seconds rather than after a minute. */
    private static final Map<String, String> FAST_WINDOWS = Map.of(
            "digitstream.metrics.window.size", "10s",
            "digitstream.metrics.window.advance", "5s",
            "digitstream.metrics.window.grace", "1s",
            "digitstream.metrics.cumulative-emit-interval", "2s");

    @Test
    void everyDashboardQueryReturnsDataWhileTheServiceProcessesImages() throws Exception {
        Path work = Repo.path("deploy-checks/target/dashboard-queries");
        Path models = storeWithChallenger(modelsDirectory(), work.resolve("models"));
        MnistSplit digits = MnistResolver.builder().build().load().test();
        List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.load();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(2).build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);
            Map<String, String> config = new LinkedHashMap<>(FAST_WINDOWS);
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("digitstream.models.dir", models.toString());
            config.put("kafka-streams.state.dir", work.resolve("kafka-streams").toString());
            try (InferenceServiceProcess service = InferenceServiceProcess.start(work.resolve("inference-service.log"), config);
                 DigitTraffic traffic = DigitTraffic.start(broker.bootstrapServers(), digits);
                 PrometheusServer prometheus = PrometheusServer.start(work.resolve("prometheus"), JOB, "/q/metrics",
                         "127.0.0.1:" + service.port())) {

                assertProbesAnswer(service);
                List<String> failing = awaitEveryQueryReturnsData(prometheus, dashboards);
                assertNull(traffic.failure(), "sending images failed");
                assertTrue(traffic.sent() > 0);
                assertEquals(List.of(), failing, () -> "dashboard queries without data after " + PATIENCE
                        + " (service log: " + work.resolve("inference-service.log") + ")");
            }
        }
    }

    /** The build's quick models, or another trained set named by {@code -Ddeploy-checks.models-dir}. */
    private static Path modelsDirectory() {
        String override = System.getProperty("deploy-checks.models-dir");
        Path manifest = override == null
                ? Repo.existing("target/quick-models/manifest.json",
                        "the trainer's quick models; run the inference-service module's tests (or the whole build) first")
                : Path.of(override, "manifest.json");
        assertTrue(Files.isRegularFile(manifest), "no models manifest at " + manifest);
        return manifest.getParent();
    }

    /**
     * A model store serving {@code set} twice, as champion {@code dashboards-a} and challenger {@code dashboards-b}
     * (the same ONNX files under two versions), so the champion vs challenger panels have series to show.
     */
    private static Path storeWithChallenger(Path set, Path store) throws IOException {
        if (Files.exists(store)) {
            try (java.util.stream.Stream<Path> old = Files.walk(store)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        for (String version : List.of("dashboards-a", "dashboards-b")) {
            Path dir = ModelStore.versionDir(store, version);
            Files.createDirectories(dir);
            com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                    EventJson.mapper().readTree(set.resolve(ModelStore.MANIFEST_FILE).toFile());
            manifest.put("runId", version);
            for (JsonNode model : manifest.path("models")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) model).put("version", version);
                Files.copy(set.resolve(model.path("file").asText()), dir.resolve(model.path("file").asText()));
            }
            EventJson.mapper().writeValue(dir.resolve(ModelStore.MANIFEST_FILE).toFile(), manifest);
        }
        ModelStore.writePointer(store, new ModelPointer("dashboards-a", "dashboards-b", null, java.time.Instant.now()));
        return store;
    }

    /**
     * The probe paths of both rendered Kubernetes Deployments of the image (inference-service, live-metrics) answer
     * 200 on the real, ready service; here one process has both roles, so every path must answer.
     */
    private static void assertProbesAnswer(InferenceServiceProcess service) throws IOException, InterruptedException {
        Set<String> paths = new TreeSet<>();
        for (String overlay : Kustomize.overlays()) {
            for (RoleSwitches.Deployment role : RoleSwitches.Deployment.values()) {
                JsonNode deployment = Kustomize.named(Kustomize.render(overlay), "Deployment", role.serviceName());
                for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                        JsonNode path = container.path(probe).path("httpGet").path("path");
                        if (!path.isMissingNode()) {
                            paths.add(path.asText());
                        }
                    }
                }
            }
        }
        assertTrue(paths.size() >= 2, "liveness and readiness probes: " + paths);
        for (String path : paths) {
            assertEquals(200, service.get(path), "probe path " + path);
        }
    }

    private static List<String> awaitEveryQueryReturnsData(PrometheusServer prometheus,
            List<GrafanaDashboards.Dashboard> dashboards) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> failing;
        do {
            PrometheusServer.sleep(POLL);
            failing = new ArrayList<>();
            for (GrafanaDashboards.PanelQuery query : GrafanaDashboards.panelQueries(dashboards)) {
                String promql = GrafanaDashboards.resolve(query.expr(), RATE_INTERVAL);
                if (!hasFiniteValue(prometheus.query(promql))) {
                    failing.add(query.dashboard() + " / " + query.panel() + ": " + promql);
                }
            }
            for (GrafanaDashboards.VariableQuery variable : GrafanaDashboards.variableQueries(dashboards)) {
                boolean labelled = false;
                // A variable may depend on another (instance on job): resolved as "All", like a panel's query.
                for (JsonNode series : prometheus.query(GrafanaDashboards.resolve(variable.metric(), RATE_INTERVAL))) {
                    labelled |= series.path("metric").has(variable.label());
                }
                if (!labelled) {
                    failing.add(variable.dashboard() + " / variable " + variable.variable() + ": no " + variable.metric()
                            + " series with label " + variable.label());
                }
            }
        } while (!failing.isEmpty() && System.nanoTime() < deadline);
        if (!failing.isEmpty()) {
            failing.add("scrape targets: " + prometheus.targets());
        }
        return failing;
    }

    private static boolean hasFiniteValue(JsonNode result) {
        for (JsonNode series : result) {
            double value = Double.parseDouble(series.path("value").get(1).asText());
            if (Double.isFinite(value)) {
                return true;
            }
        }
        return false;
    }
}
