package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboards' JSON, checked without Prometheus (DashboardQueriesIT runs every query against a real one). */
class GrafanaDashboardsTest {

    /** What operators must be able to see: one metric per required subject. */
    private static final List<String> REQUIRED_METRICS = List.of(
            "digitstream_images_predicted_total",               // throughput
            "kafka_consumer_fetch_manager_records_lag",         // consumer lag
            "digitstream_model_accuracy",                       // per-model rolling accuracy
            "digitstream_model_macro_f1",                       // ... and F1
            "digitstream_inference_latency_seconds_bucket",     // latency percentiles
            "digitstream_model_end_to_end_latency_ms",
            "digitstream_dlq_records_total",                    // DLQ rate
            "digitstream_review_records_total",                 // review rate
            "jvm_memory_used_bytes",                            // JVM health
            "jvm_gc_pause_seconds_sum");

    private final List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.load();

    @Test
    void dashboardsHaveUniqueUidsAndPanelIds() {
        assertFalse(dashboards.isEmpty());
        Set<String> uids = new HashSet<>();
        for (GrafanaDashboards.Dashboard dashboard : dashboards) {
            assertTrue(uids.add(dashboard.json().path("uid").asText()), "duplicate uid in " + dashboard.file());
            assertFalse(dashboard.title().isBlank());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.json().path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), dashboard.title() + ": duplicate panel id " + panel.path("id"));
                assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), "panel without gridPos");
            }
        }
    }

    @Test
    void everyPanelQueriesPrometheusThroughTheDatasourceVariable() {
        for (GrafanaDashboards.Dashboard dashboard : dashboards) {
            assertTrue(dashboard.json().path("templating").path("list").toString().contains("\"name\":\"datasource\""));
            for (JsonNode panel : GrafanaDashboards.panels(dashboard)) {
                String where = dashboard.title() + " / " + panel.path("title").asText();
                assertFalse(panel.path("targets").isEmpty(), where + " has no query");
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), where);
                for (JsonNode target : panel.path("targets")) {
                    assertFalse(target.path("expr").asText().isBlank(), where + " has an empty query");
                    assertEquals("${datasource}", target.path("datasource").path("uid").asText(), where);
                }
            }
        }
    }

    @Test
    void dashboardsCoverThroughputLagQualityLatencyDlqReviewAndJvm() {
        String queries = GrafanaDashboards.panelQueries(dashboards).toString();
        List<String> missing = REQUIRED_METRICS.stream().filter(metric -> !queries.contains(metric)).toList();
        assertEquals(List.of(), missing);
    }

    /**
     * Lag panels select the consumer of the scaled group by SmallRye's client id {@code kafka-consumer-<channel>}:
     * that channel must exist, read digits.images and belong to the group the autoscalers follow.
     */
    @Test
    void lagPanelsSelectTheInferenceGroupsConsumer() {
        InferenceServiceConfig config = InferenceServiceConfig.load();
        Matcher clientId = Pattern.compile("client_id=\"kafka-consumer-([\\w-]+)\"")
                .matcher(GrafanaDashboards.panelQueries(dashboards).toString());
        int found = 0;
        while (clientId.find()) {
            String channel = "mp.messaging.incoming." + clientId.group(1);
            // The images consumer also reads digits.fields: its lag covers both.
            assertEquals(List.of(Topics.IMAGES, Topics.FIELDS), List.of(config.resolved(channel + ".topics").split(",")),
                    channel);
            assertEquals("inference-service", config.resolved(channel + ".group.id"), channel);
            found++;
        }
        assertTrue(found > 0, "the lag panels name the inference group's consumer");
    }

    /**
     * The image runs as two deployments (inference-service, live-metrics), scraped under their names as the job label
     * (compose's prometheus.yml, the PodMonitors' jobLabel). The JVM dashboard selects and labels every series by
     * job, so a heap or CPU line always says which deployment it belongs to.
     */
    @Test
    void jvmPanelsTellTheTwoDeploymentsApart() {
        GrafanaDashboards.Dashboard jvm = dashboards.stream().filter(d -> d.file().getFileName().toString()
                .equals("digit-stream-jvm.json")).findFirst().orElseThrow();
        assertTrue(GrafanaDashboards.variableQueries(List.of(jvm)).stream()
                .anyMatch(variable -> variable.variable().equals("job") && variable.label().equals("job")),
                "a job (deployment) variable");
        int perDeployment = 0;
        for (JsonNode panel : GrafanaDashboards.panels(jvm)) {
            for (JsonNode target : panel.path("targets")) {
                String where = panel.path("title").asText() + ": " + target.path("expr").asText();
                assertTrue(target.path("expr").asText().contains("job=~\"$job\""), where + " ignores the job variable");
                assertTrue(target.path("expr").asText().matches("^\\w+ by \\(job\\b.*"), where + " is not grouped by job");
                assertTrue(target.path("legendFormat").asText().contains("{{job}}"), where + ": legend without the job");
                perDeployment += target.path("expr").asText().matches("^\\w+ by \\(job\\) .*") ? 1 : 0;
            }
        }
        assertTrue(perDeployment >= 3, "processes, CPU and heap summed per deployment");
    }

    /**
     * The live-metrics deployment has panels of its own: the lag of its topology's consumer (Kafka Streams' client id
     * {@code <application.id>-<uuid>-StreamThread-<n>-consumer}) and its stream threads.
     */
    @Test
    void theLiveMetricsTopologyIsWatched() {
        String queries = GrafanaDashboards.panelQueries(dashboards).toString();
        Matcher streamsConsumer = Pattern.compile("kafka_consumer_fetch_manager_records_lag\\{[^}]*client_id=~\"([^\"]+)\"[^}]*}")
                .matcher(queries);
        assertTrue(streamsConsumer.find(), "the topology's input lag");
        String clientId = InferenceServiceConfig.load().resolved("quarkus.kafka-streams.application-id")
                + "-84938986-bcea-47fb-b980-2aa0238652c5-StreamThread-1-consumer";
        assertTrue(clientId.matches(streamsConsumer.group(1)), streamsConsumer.group(1) + " misses " + clientId);
        assertFalse("kafka-consumer-dashboard-predictions".matches(streamsConsumer.group(1)),
                "the dashboard's own consumer of digits.predictions is not the topology");
        assertTrue(queries.contains("kafka_stream_alive_stream_threads"), "the topology's stream threads");
    }

    /** Dev and prod, or any other JVM the same Prometheus scrapes, never mix: every selector takes both variables. */
    @Test
    void everySeriesIsFilteredByNamespaceAndJob() {
        Pattern selector = Pattern.compile("\\{([^}]*)}");
        for (GrafanaDashboards.Dashboard dashboard : dashboards) {
            List<String> variables = GrafanaDashboards.variableQueries(List.of(dashboard)).stream()
                    .map(GrafanaDashboards.VariableQuery::variable).toList();
            assertTrue(variables.containsAll(List.of("namespace", "job")), dashboard.file() + ": " + variables);
            for (JsonNode panel : GrafanaDashboards.panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    Matcher selectors = selector.matcher(expr.replaceAll("\\[[^]]*]", ""));
                    int found = 0;
                    while (selectors.find()) {
                        found++;
                        assertTrue(selectors.group(1).contains("namespace=~\"$namespace\"")
                                && selectors.group(1).contains("job=~\"$job\""), panel.path("title").asText() + ": " + expr);
                    }
                    assertTrue(found > 0, panel.path("title").asText() + ": a series without a selector: " + expr);
                }
            }
        }
    }

    @Test
    void variablesAreResolvedLikeGrafanasAllOption() {
        assertEquals("sum(rate(x{instance=~\".*\", model=~\".*\"}[30s]))", GrafanaDashboards.resolve(
                "sum(rate(x{instance=~\"$instance\", model=~\"${model}\"}[$__rate_interval]))", "30s"));
        assertFalse(GrafanaDashboards.variableQueries(dashboards).isEmpty());
    }
}
