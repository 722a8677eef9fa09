package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package) on a random loopback port with its own config and storage, never the system
 * service. It scrapes the given loopback targets every second.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** The absolute path of a tool from Debian's prometheus package; fails with the install command when missing. */
    static String tool(String name) {
        for (String directory : List.of("/usr/bin", "/usr/local/bin")) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " is not installed: install Debian's prometheus package (apt-get update && apt-get install "
                + "-y prometheus; scripts/test.sh does this before running Maven)");
    }

    static PrometheusServer start(Path workDirectory, String job, String metricsPath, String target) throws IOException {
        Files.createDirectories(workDirectory);
        Path config = workDirectory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ["%s"]
                        # As the PodMonitors' scrapes have in Kubernetes and compose's relabelling gives: the
                        # dashboards filter by it.
                        labels:
                          namespace: deploy-checks
                """.formatted(job, metricsPath, target));
        int port = Processes.freeLoopbackPort();
        Process process = new ProcessBuilder(tool("prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDirectory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.console.templates=" + workDirectory,
                "--web.console.libraries=" + workDirectory)
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        server.awaitReady(workDirectory.resolve("prometheus.log"));
        return server;
    }

    /** The result of an instant query ({@code data.result}); fails on a query error with Prometheus' message. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = YamlTrees.mapper().readTree(response.body());
        if (!body.path("status").asText().equals("success")) {
            fail("Prometheus refused the query " + promql + ": " + body.path("error").asText(response.body()));
        }
        return body.path("data").path("result");
    }

    /** The scrape targets' health, e.g. for a failure message. */
    String targets() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("Prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Prometheus", e);
            }
            sleep(Duration.ofMillis(250));
        }
        close();
        fail("Prometheus was not ready within " + STARTUP + ":\n" + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
