package io.digitstream.faults.process;

import io.digitstream.faults.kafka.KafkaConnection;
import io.digitstream.schemas.KafkaClientSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded KRaft broker ({@code embedded-kafka.jar}) as its own process, so it can be killed with SIGKILL and
 * started again on the same data directory and the same ports, as a crashed broker would come back. Plaintext, or
 * secured ({@code sasl-ssl}, {@code mtls}) with ACLs on: each client then connects as one of the broker's principals,
 * from the settings file the broker wrote for it.
 */
public final class BrokerProcess {

    private static final String READY_LINE = "Kafka ready at";
    /** The broker's super user for topics and ACLs; the harness's own observers connect as it. */
    public static final String ADMIN = "admin";
    public static final String INFERENCE_SERVICE = "inference-service";
    public static final String SIMULATOR = "simulator";
    public static final String PLAINTEXT = "plaintext";

    private final Path jar;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final int partitions;
    private final Map<String, String> brokerProperties;
    private final Path logDir;
    private final ChildProcesses children;
    private final String security;
    private final Path secretsDir;
    private ChildProcess current;
    private int starts;

    public BrokerProcess(Path jar, int port, Path dataDir, int partitions, Map<String, String> brokerProperties,
            Path logDir, ChildProcesses children) {
        this(jar, port, dataDir, partitions, brokerProperties, PLAINTEXT, logDir, children);
    }

    /** @param security {@value #PLAINTEXT}, {@code sasl-ssl} or {@code mtls} (the broker's --security) */
    public BrokerProcess(Path jar, int port, Path dataDir, int partitions, Map<String, String> brokerProperties,
            String security, Path logDir, ChildProcesses children) {
        this.jar = jar;
        this.port = port;
        // Fixed for the run: a broker that comes back on the same data directory keeps its controller address.
        this.controllerPort = LoopbackPorts.free();
        this.dataDir = dataDir;
        this.partitions = partitions;
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.logDir = logDir;
        this.children = children;
        this.security = security;
        this.secretsDir = dataDir.resolveSibling(dataDir.getFileName() + "-secrets");
    }

    public boolean secured() {
        return !PLAINTEXT.equals(security);
    }

    /** How {@code principal} connects; plaintext settings for a plaintext broker. Valid once it has started. */
    public KafkaConnection connection(String principal) {
        return new KafkaConnection(bootstrapServers(),
                secured() ? KafkaClientSettings.read(clientSettingsFile(principal)) : Map.of());
    }

    /** The client properties file the secured broker wrote for {@code principal}. */
    public Path clientSettingsFile(String principal) {
        if (!secured()) {
            throw new IllegalStateException("a plaintext broker writes no client settings");
        }
        return secretsDir.resolve(principal + ".properties");
    }

    /** Where a secured broker keeps its key stores and passwords (beside its data directory). */
    public Path secretsDir() {
        return secretsDir;
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
                "--data-dir", dataDir.toString(), "--partitions", Integer.toString(partitions),
                "--security", security, "--secrets-dir", secretsDir.toString()));
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
