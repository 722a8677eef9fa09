package io.digitstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards shared by docker-compose and Kubernetes, and the PromQL they send. Template variables are
 * resolved the way Grafana does for "All" (the variables' allValue {@code .*}), {@code $__rate_interval} to a range
 * that fits the test's scrape interval.
 */
final class GrafanaDashboards {

    static final String DIRECTORY = "deploy/grafana/dashboards";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+(?:\\{[^}]*})?)\\s*,\\s*(\\w+)\\s*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    record Dashboard(Path file, JsonNode json) {
        String title() {
            return json.path("title").asText();
        }
    }

    /** A panel target's query. */
    record PanelQuery(String dashboard, String panel, String expr) {
    }

    /** A {@code label_values(metric, label)} variable: the metric must have series carrying the label. */
    record VariableQuery(String dashboard, String variable, String metric, String label) {
    }

    private GrafanaDashboards() {
    }

    static List<Dashboard> load() {
        Path directory = Repo.existing(DIRECTORY, "the Grafana dashboards");
        try (Stream<Path> files = Files.list(directory)) {
            List<Dashboard> dashboards = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(new Dashboard(file, YamlTrees.mapper().readTree(file.toFile())));
            }
            return dashboards;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboards in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every panel, including those nested in collapsed rows; row headers themselves are left out. */
    static List<JsonNode> panels(Dashboard dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.json().path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    static List<PanelQuery> panelQueries(List<Dashboard> dashboards) {
        List<PanelQuery> queries = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new PanelQuery(dashboard.title(), panel.path("title").asText(), target.path("expr").asText()));
                }
            }
        }
        return queries;
    }

    static List<VariableQuery> variableQueries(List<Dashboard> dashboards) {
        List<VariableQuery> queries = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            for (JsonNode variable : dashboard.json().path("templating").path("list")) {
                if (!variable.path("type").asText().equals("query")) {
                    continue;
                }
                String definition = variable.path("query").path("query").asText(variable.path("definition").asText());
                Matcher labelValues = LABEL_VALUES.matcher(definition);
                if (!labelValues.matches()) {
                    throw new IllegalStateException(dashboard.title() + ": variable " + variable.path("name").asText()
                            + " is not a label_values(metric, label) query: " + definition);
                }
                queries.add(new VariableQuery(dashboard.title(), variable.path("name").asText(), labelValues.group(1),
                        labelValues.group(2)));
            }
        }
        return queries;
    }

    /** The query as Grafana sends it with every variable on "All" and the given rate interval. */
    static String resolve(String expr, String rateInterval) {
        String withInterval = expr.replace("$__rate_interval", rateInterval);
        Matcher variable = VARIABLE.matcher(withInterval);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(resolved, Matcher.quoteReplacement(".*"));
        }
        variable.appendTail(resolved);
        return resolved.toString();
    }
}
