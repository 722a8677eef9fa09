package io.digitstream.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.faults.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a live-metrics process's {@code /api/metrics/live} says, for the integration tests that wait on it. */
final class LiveMetricsAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The last answer, for a failure message. */
    private static volatile String last = "(none yet)";

    private LiveMetricsAnswers() {
    }

    /** The smallest cumulative labelled count over the models (0 until all four and the ensemble have one). */
    static long labelledCount(ServiceProcess metrics) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.httpPort() + "/api/metrics/live"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            JsonNode models = JSON.readTree(response.body()).path("models");
            if (response.statusCode() != 200 || models.size() < 4) {
                return 0;
            }
            long least = Long.MAX_VALUE;
            for (JsonNode model : models) {
                least = Math.min(least, model.path("cumulative").path("labelledCount").asLong(0));
            }
            return least;
        } catch (Exception notYet) {
            last = notYet.toString();
            return 0;
        }
    }

    /** The start of the last answer. */
    static String last() {
        return last.substring(0, Math.min(2000, last.length()));
    }
}
