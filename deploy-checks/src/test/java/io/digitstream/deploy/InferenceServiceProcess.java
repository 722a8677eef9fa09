package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged inference service (the Quarkus fast-jar the container image ships) as a child process on loopback. */
final class InferenceServiceProcess implements AutoCloseable {

    static final String JAR = "inference-service/target/quarkus-app/quarkus-run.jar";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private InferenceServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the service with the given config keys as system properties and waits until it is ready. */
    static InferenceServiceProcess start(Path log, Map<String, String> config) throws IOException {
        Path jar = Repo.existing(JAR, "package it first: mvn -pl inference-service package -DskipTests");
        int port = Processes.freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        InferenceServiceProcess service = new InferenceServiceProcess(builder.start(), port, log);
        service.awaitReady();
        return service;
    }

    int port() {
        return port;
    }

    int get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the inference service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/q/health/ready") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the inference service", e);
            }
            PrometheusServer.sleep(Duration.ofMillis(500));
        }
        close();
        fail("the inference service was not ready within " + STARTUP + "; log " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
