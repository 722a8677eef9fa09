package io.digitstream.kafka.embedded;

import io.digitstream.kafka.embedded.security.KafkaPrincipals;
import io.digitstream.kafka.embedded.security.KafkaSecurity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the embedded broker until SIGTERM or Ctrl-C, with every digit-stream topic created. */
@Command(name = "embedded-kafka", mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka (KRaft) broker on 127.0.0.1 and creates the digit-stream topics.")
public final class EmbeddedKafkaMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1; 0 = random (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port on 127.0.0.1; 0 = random (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--data-dir", defaultValue = "data/kafka", description = "Log and metadata directory, kept between runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--security", defaultValue = "plaintext", converter = SecurityConverter.class,
            description = "plaintext, sasl-ssl (TLS + SCRAM-SHA-512) or mtls (mutual TLS); the secured modes turn ACLs on "
                    + "and write each client's settings file to --secrets-dir (default: ${DEFAULT-VALUE}).")
    KafkaSecurity security;

    @Option(names = "--secrets-dir", description = "Key stores, passwords and client settings files of a secured broker, "
            + "kept between runs with the data dir (default: <data dir>-secrets).")
    Path secretsDir;

    @Option(names = "--broker-property", paramLabel = "NAME=VALUE", description = "Any Kafka broker setting; repeatable.")
    Map<String, String> brokerProperties = new LinkedHashMap<>();

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new EmbeddedKafkaMain())
                // A failed start (e.g. the port is taken) is reported in one line, not as a stack trace.
                .setExecutionExceptionHandler((error, command, parseResult) -> {
                    command.getErr().println("embedded-kafka: " + error.getMessage());
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .port(port)
                .controllerPort(controllerPort)
                .dataDir(dataDir)
                .defaultPartitions(partitions)
                .security(security);
        if (secretsDir != null) {
            builder.secretsDir(secretsDir);
        }
        brokerProperties.forEach(builder::brokerProperty);
        EmbeddedKafkaBroker broker = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));

        broker.start();
        broker.createTopics(DigitStreamTopics.ALL);
        if (security.secured()) {
            // Where to find the settings, never the secrets themselves.
            for (String principal : KafkaPrincipals.CLIENTS) {
                System.out.println("client settings for " + principal + ": " + broker.clientPropertiesFile(principal));
            }
        }
        System.out.println("Kafka ready at " + broker.bootstrapServers() + " (" + security.protocol() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    static final class SecurityConverter implements CommandLine.ITypeConverter<KafkaSecurity> {
        @Override
        public KafkaSecurity convert(String value) {
            return KafkaSecurity.parse(value);
        }
    }
}
