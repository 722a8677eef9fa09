package io.digitstream.kafka.embedded;

import io.digitstream.kafka.embedded.security.ClusterSecrets;
import io.digitstream.kafka.embedded.security.DigitStreamAcls;
import io.digitstream.kafka.embedded.security.KafkaPrincipals;
import io.digitstream.kafka.embedded.security.KafkaSecurity;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM, built from the
 * Apache Kafka server jars. Both listeners bind to 127.0.0.1 only. Plaintext by default; with
 * {@link Builder#security} the client listener takes SASL_SSL (SCRAM-SHA-512) or mutual TLS, the controller listener
 * mutual TLS, ACLs are on ({@link DigitStreamAcls}), and every client principal's settings are written to the secrets
 * directory ({@link ClusterSecrets}). {@link #start()} and {@link #close()} are
 * synchronized so that a shutdown hook may close a broker that is still starting.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String SECURE_LISTENER = "SECURE";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String DEFAULTS_RESOURCE = "broker-defaults.properties";
    private static final String META_PROPERTIES = "meta.properties";

    private final int requestedPort;
    private final int requestedControllerPort;
    private final boolean temporaryDataDir;
    private final int defaultPartitions;
    private final Map<String, String> overrides;
    private final Duration startupTimeout;
    private final KafkaSecurity security;
    private final Path requestedSecretsDir;

    private Path dataDir;
    private ClusterSecrets secrets;
    private Path temporarySecretsDir;
    private KafkaRaftServer server;
    private int port;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.temporaryDataDir = builder.dataDir == null;
        this.dataDir = temporaryDataDir ? null : builder.dataDir.toAbsolutePath();
        this.defaultPartitions = builder.defaultPartitions;
        this.overrides = Map.copyOf(builder.overrides);
        this.startupTimeout = builder.startupTimeout;
        this.security = builder.security;
        this.requestedSecretsDir = builder.secretsDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data dir if it is new, starts the broker and waits until it answers an Admin request.
     *
     * @return this broker, for chaining
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("this broker was closed; build a new one");
        }
        if (server != null) {
            throw new IllegalStateException("already started at " + bootstrapServers());
        }
        if (temporaryDataDir) {
            dataDir = createTemporaryDataDir();
        }
        if (security.secured()) {
            secrets = ClusterSecrets.loadOrCreate(secretsDir());
            secrets.writeClientFiles(security);
        }
        port = requestedPort == 0 ? freePort() : requestedPort;
        int controllerPort = requestedControllerPort == 0 ? freePort() : requestedControllerPort;
        try {
            KafkaConfig config = new KafkaConfig(brokerProperties(port, controllerPort));
            formatStorage(config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady();
            if (security.secured()) {
                grantAcls();
            }
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Kafka did not start on " + LOOPBACK + ":" + port + " (controller port "
                    + controllerPort + ", data dir " + dataDir + "): " + rootCauseMessage(e), e);
        }
        return this;
    }

    public KafkaSecurity security() {
        return security;
    }

    /**
     * The settings a client needs besides {@code bootstrap.servers} to connect as {@code principal} (one of
     * {@link KafkaPrincipals#CLIENTS}); empty for a plaintext broker. Only valid after {@link #start()}.
     */
    public Map<String, Object> clientProperties(String principal) {
        if (!security.secured()) {
            return Map.of();
        }
        return Map.copyOf(requireSecrets().clientProperties(requireClient(principal), security));
    }

    /** The same settings as {@link #clientProperties} as a Kafka client properties file, for another process. */
    public Path clientPropertiesFile(String principal) {
        if (!security.secured()) {
            throw new IllegalStateException("a plaintext broker has no client settings file");
        }
        return requireSecrets().clientFile(requireClient(principal));
    }

    private static String requireClient(String principal) {
        if (!KafkaPrincipals.CLIENTS.contains(principal)) {
            throw new IllegalArgumentException("no client settings for '" + principal + "'; the clients are "
                    + KafkaPrincipals.CLIENTS);
        }
        return principal;
    }

    /** {@code 127.0.0.1:<port>}; only valid after {@link #start()}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port();
    }

    /** The broker's client port (the chosen free port when the builder asked for 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return port;
    }

    /** The data dir; for a temporary one, only known after {@link #start()}. */
    public Path dataDir() {
        return dataDir;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** Creates the topics with the default partition count; topics that already exist are left as they are. */
    public void createTopics(Collection<String> names) {
        createTopics(defaultPartitions, names);
    }

    public void createTopics(String... names) {
        createTopics(List.of(names));
    }

    /** Creates the topics with {@code partitions} partitions; topics that already exist are left as they are. */
    public void createTopics(int partitions, Collection<String> names) {
        List<NewTopic> topics = names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        try (Admin admin = createAdmin()) {
            for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(topics).values().entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
        }
    }

    /** An Admin client for this broker (as the admin principal when secured); the caller closes it. */
    public Admin createAdmin() {
        Map<String, Object> config = new LinkedHashMap<>(
                security.secured() ? requireSecrets().clientProperties(KafkaPrincipals.ADMIN, security) : Map.of());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(config);
    }

    /** Stops the broker, releases its ports and deletes the data dir if it was temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            server = null;
            if (temporaryDataDir && dataDir != null) {
                deleteRecursively(dataDir);
            }
            if (temporarySecretsDir != null) {
                deleteRecursively(temporarySecretsDir);
            }
        }
    }

    private Map<String, String> brokerProperties(int brokerPort, int controllerPort) {
        Map<String, String> properties = new LinkedHashMap<>(loadDefaults());
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        String listener = security.secured() ? SECURE_LISTENER : BROKER_LISTENER;
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", listener);
        properties.put("listeners", listener + "://" + LOOPBACK + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        properties.put("advertised.listeners", listener + "://" + LOOPBACK + ":" + brokerPort);
        properties.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        if (security.secured()) {
            properties.putAll(secrets.brokerProperties(security, SECURE_LISTENER, CONTROLLER_LISTENER));
        }
        properties.put("log.dirs", dataDir.toString());
        properties.put("num.partitions", String.valueOf(defaultPartitions));
        properties.putAll(overrides);
        return properties;
    }

    private static Map<String, String> loadDefaults() {
        Properties defaults = new Properties();
        try (InputStream in = EmbeddedKafkaBroker.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        defaults.stringPropertyNames().forEach(name -> map.put(name, defaults.getProperty(name)));
        return map;
    }

    /** Writes meta.properties and the bootstrap metadata on first use; an already formatted dir is kept as is. */
    private void formatStorage(KafkaConfig config) {
        // The Formatter would compare the existing cluster id with a new random one and refuse to continue.
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .setScramArguments(security.secured() ? secrets.scramArguments() : List.of())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data dir " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Applies {@link DigitStreamAcls}; adding an ACL that exists already changes nothing. */
    private void grantAcls() {
        try (Admin admin = createAdmin()) {
            admin.createAcls(DigitStreamAcls.all().stream().map(DigitStreamAcls.Grant::binding).toList())
                    .all().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ACLs", e);
        }
    }

    /** The requested secrets dir; else a new temporary one beside a temporary data dir, else beside the data dir. */
    private Path secretsDir() {
        if (requestedSecretsDir != null) {
            return requestedSecretsDir.toAbsolutePath();
        }
        if (temporaryDataDir) {
            try {
                temporarySecretsDir = Files.createTempDirectory("embedded-kafka-secrets-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary secrets dir", e);
            }
            return temporarySecretsDir;
        }
        return dataDir.resolveSibling(dataDir.getFileName() + "-secrets");
    }

    private ClusterSecrets requireSecrets() {
        if (secrets == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return secrets;
    }

    private void awaitCreated(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic " + topic + " was not created within " + startupTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = createAdmin()) {
            admin.describeCluster().nodes().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + startupTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * KRaft needs the controller's address in its own config before it starts, so a random port has to be chosen
     * up front: bind port 0, note the port, release it. Another process could take it in between, which on a
     * loopback-only test machine is rare enough to accept.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    private static String rootCauseMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + "; cause: " + root;
    }

    private static Path createTemporaryDataDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka data dir", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary Kafka data dir " + dir, e);
        }
    }

    /** Options; defaults: random free port, temporary data dir, 1 partition per topic. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private int defaultPartitions = 1;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private KafkaSecurity security = KafkaSecurity.PLAINTEXT;
        private Path secretsDir;

        private Builder() {
        }

        /** Plaintext (the default), SASL_SSL with SCRAM-SHA-512, or mutual TLS; the secured modes turn ACLs on. */
        public Builder security(KafkaSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Where the secured broker keeps its key stores, passwords and client settings files; by default a temporary
         * dir for a temporary data dir, else {@code <data dir>-secrets}. Reused when it exists.
         */
        public Builder secretsDir(Path secretsDir) {
            this.secretsDir = Objects.requireNonNull(secretsDir, "secretsDir");
            return this;
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = requirePort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = requirePort(controllerPort);
            return this;
        }

        /** A persistent data dir, kept on close; by default a temporary one that close() deletes. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Partitions of topics created without an explicit count, by createTopics or auto-creation. */
        public Builder defaultPartitions(int defaultPartitions) {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be >= 1, got " + defaultPartitions);
            }
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        /** Any Kafka broker setting; overrides the defaults and the values derived from the other options. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            return port;
        }
    }
}
