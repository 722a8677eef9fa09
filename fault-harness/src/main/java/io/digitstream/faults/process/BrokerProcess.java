package io.digitstream.faults.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded KRaft broker ({@code embedded-kafka.jar}) as its own process, so it can be killed with SIGKILL and
 * started again on the same data directory and the same ports, as a crashed broker would come back.
 */
public final class BrokerProcess {

    private static final String READY_LINE = "Kafka ready at";

    private final Path jar;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final int partitions;
    private final Map<String, String> brokerProperties;
    private final Path logDir;
    private final ChildProcesses children;
    private ChildProcess current;
    private int starts;

    public BrokerProcess(Path jar, int port, Path dataDir, int partitions, Map<String, String> brokerProperties,
            Path logDir, ChildProcesses children) {
        this.jar = jar;
        this.port = port;
        // Fixed for the run: a broker that comes back on the same data directory keeps its controller address.
        this.controllerPort = LoopbackPorts.free();
        this.dataDir = dataDir;
        this.partitions = partitions;
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.logDir = logDir;
        this.children = children;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return current;
    }

    /** Starts the broker (a new one, or the same data directory again) and waits for its ready line. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        starts++;
        List<String> command = new ArrayList<>(List.of(JavaCommand.java(), "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true", "-jar", jar.toString(),
                "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                "--data-dir", dataDir.toString(), "--partitions", Integer.toString(partitions)));
        brokerProperties.forEach((name, value) -> command.addAll(List.of("--broker-property", name + "=" + value)));
        // One log per start, so the ready line waited for is this start's.
        Path log = logDir.resolve("broker-" + starts + ".log");
        current = children.start("broker", command, Map.of(), log);
        awaitReadyLine(log, timeout);
    }

    /** {@code kill -9}: no clean shutdown, no flush beyond what the OS already has. */
    public void kill() throws InterruptedException {
        current.kill();
    }

    private void awaitReadyLine(Path log, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(READY_LINE)) {
                return;
            }
            if (!current.isAlive()) {
                throw new IllegalStateException("the broker exited with " + current.exitCode() + " before it was ready; "
                        + "see " + log + ":\n" + LogTail.of(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the broker was not ready within " + timeout + "; see " + log);
    }
}
