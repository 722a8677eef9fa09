package io.digitstream.inference.health;

import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A broker the test can stop and start again while the application runs: same ports, same data directory, so the
 * application's clients find it again as they would a restarted broker. Only for the test profile that names it
 * (with the global test resources off): stopping a broker other tests share would break them.
 */
public class RestartableKafka implements QuarkusTestResourceLifecycleManager {

    private int port;
    private int controllerPort;
    private Path dataDir;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("restartable-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = freePort();
        controllerPort = freePort();
        startBroker();
        broker.createTopics(DigitStreamTopics.ALL);
        String bootstrapServers = broker.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka-streams.bootstrap-servers", bootstrapServers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    /** Starts the broker on the ports and data of the first start. */
    public synchronized void startBroker() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.builder().port(port).controllerPort(controllerPort).dataDir(dataDir).build()
                    .start();
        }
    }

    /** Stops the broker; its data stays for {@link #startBroker()}. */
    public synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(RestartableKafka.class));
    }

    @Override
    public void stop() {
        stopBroker();
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
