package io.digitstream.faults.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged inference service (the Quarkus fast-jar the container image ships) as a child process on loopback,
 * configured through environment variables as a container would be. It can be killed and started again with the same
 * configuration, instance id and Kafka Streams state directory, as a restarted container would.
 */
public final class ServiceProcess {

    /** The stable instance name the service derives its transactional.id and group.instance.id from. */
    public static final String INSTANCE_ID_VARIABLE = "DIGITSTREAM_INSTANCE_ID";

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logDir;
    private final ChildProcesses children;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ChildProcess current;
    private int starts;

    /**
     * @param environment the service's configuration (bootstrap servers, models, instance id, anything else)
     * @param jvmOptions  e.g. the heap limit the deployment would give it
     */
    public ServiceProcess(Path jar, Map<String, String> environment, List<String> jvmOptions, Path streamsStateDir,
            Path logDir, ChildProcesses children) {
        this("inference-service", jar, environment, jvmOptions, streamsStateDir, logDir, children);
    }

    /** @param name the process's name in progress lines and its log files, unique among the children */
    public ServiceProcess(String name, Path jar, Map<String, String> environment, List<String> jvmOptions,
            Path streamsStateDir, Path logDir, ChildProcesses children) {
        this.name = name;
        this.jar = jar;
        this.httpPort = LoopbackPorts.free();
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        List<String> options = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                // Prod mode listens on 0.0.0.0 by default; everything here stays on loopback.
                "-Dquarkus.http.host=127.0.0.1",
                // Beside the broker data it belongs to: another broker's state would make Streams restore first.
                "-Dkafka-streams.state.dir=" + streamsStateDir));
        options.addAll(jvmOptions);
        this.jvmOptions = List.copyOf(options);
        this.logDir = logDir;
        this.children = children;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The current process's id; changes when it is started again. */
    public long pid() {
        ChildProcess process = current;
        return process == null ? -1 : process.pid();
    }

    /** Launches the service and returns at once; {@link #awaitReady} waits for it. */
    public void start() throws IOException {
        starts++;
        List<String> command = new ArrayList<>(List.of(JavaCommand.java()));
        command.addAll(jvmOptions);
        // A short command line on purpose: ONNX Runtime 1.29 crashes in a process with a long one.
        command.addAll(List.of("-jar", jar.toString()));
        current = children.start(name, command, environment, logDir.resolve(name + "-" + starts + ".log"));
    }

    /** {@code kill -9}: no shutdown hook, no transaction abort, no leaving the group. */
    public void kill() throws InterruptedException {
        current.kill();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @throws IllegalStateException when the process exits first (with the end of its log) or the time runs out
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChildProcess process = current;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitCode()
                        + " before it was ready; see " + process.log() + ":\n" + LogTail.of(process.log()));
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see "
                + process.log());
    }

    /** The HTTP status of a GET on the service, or -1 when it does not answer within a few seconds. */
    public int status(String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notAnswering) {
            return -1;
        }
    }
}
