package io.digitstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.faults.process.BrokerProcess;
import io.digitstream.faults.process.ChildProcesses;
import io.digitstream.faults.process.LoopbackPorts;
import io.digitstream.faults.process.ServiceProcess;
import io.digitstream.schemas.KafkaClientSettings;
import io.digitstream.simulator.SimulatorCli;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The whole pipeline on a secured broker with ACLs on, every client configured only by the settings file of its own
 * principal: the packaged service (both roles, so its channels and its Kafka Streams application) and the simulator
 * publish, predict and score; a simulator without credentials, or with a wrong password or no certificate, is
 * refused; and no password or key store password appears in any log or output.
 */
class SecuredPipelineIT {

    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration SCORED = Duration.ofSeconds(90);
    /** At 15/s for 20 s: the live metrics publish as stream time passes their 10 s emit interval. */
    private static final int IMAGES = 300;
    private static final double RATE = 15;
    /** What the metrics must have scored: at least the images of the first emit intervals. */
    private static final int SCORED_AT_LEAST = 100;

    @ParameterizedTest
    @ValueSource(strings = {"sasl-ssl", "mtls"})
    void thePipelineRunsSecuredAndStrangersAreRefused(String security) throws Exception {
        Path root = Path.of(System.getProperty("digitstream.root"));
        Path models = Path.of(System.getProperty("digitstream.models.dir"));
        String run = "secured-" + security + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path work = Path.of("target", "secured-pipeline-it", run).toAbsolutePath();
        Files.createDirectories(work);
        ChildProcesses children = new ChildProcesses(System.out::println);
        BrokerProcess broker = new BrokerProcess(root.resolve("embedded-kafka/target/embedded-kafka.jar"),
                LoopbackPorts.free(), work.resolve("kafka"), 2, Map.of(), security, work, children);
        try {
            broker.start(START);
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            environment.put("DIGITSTREAM_MODELS_DIR", models.toString());
            environment.put(ServiceProcess.INSTANCE_ID_VARIABLE, run);
            environment.put(KafkaClientSettings.ENVIRONMENT_VARIABLE,
                    broker.clientSettingsFile(BrokerProcess.INFERENCE_SERVICE).toString());
            ServiceProcess service = new ServiceProcess(root.resolve("inference-service/target/quarkus-app/quarkus-run.jar"),
                    environment, List.of("-Xmx512m"), work.resolve("streams"), work, children);
            service.start();
            service.awaitReady(START);

            // The simulator with its own settings file: every image predicted (exit 0), through the ACLs.
            Simulator good = simulate(broker, broker.clientSettingsFile(BrokerProcess.SIMULATOR), IMAGES, RATE);
            assertEquals(0, good.exit(), "the secured run failed:\n" + good.output());
            // The service's Kafka Streams application scored them: it too authenticated and stayed within its ACLs.
            awaitScored(service, SCORED_AT_LEAST);

            // Strangers: no credentials at all, or the simulator's settings with a wrong password / no certificate.
            Simulator plaintext = simulate(broker, null, 10, 100);
            assertEquals(3, plaintext.exit(), "a plaintext client must not get in:\n" + plaintext.output());
            Path stranger = work.resolve("stranger.properties");
            writeStranger(broker.clientSettingsFile(BrokerProcess.SIMULATOR), stranger);
            Simulator refused = simulate(broker, stranger, 10, 100);
            assertEquals(3, refused.exit(), "a wrong password or missing certificate must not get in:\n"
                    + refused.output());
            // A principal outside its ACLs: the service's own settings may not write labels.
            Simulator outside = simulate(broker, broker.clientSettingsFile(BrokerProcess.INFERENCE_SERVICE), 10,
                    100);
            assertTrue(outside.exit() != 0, "the service's principal may not publish images and labels:\n"
                    + outside.output());

            // No secret in any log or output.
            List<String> secrets = secrets(broker.secretsDir().resolve("secrets.properties"));
            assertFalse(secrets.isEmpty());
            List<String> texts = new ArrayList<>(List.of(good.output(), plaintext.output(), refused.output(),
                    outside.output()));
            try (Stream<Path> logs = Files.list(work)) {
                for (Path log : logs.filter(path -> path.toString().endsWith(".log")).toList()) {
                    texts.add(Files.readString(log));
                }
            }
            for (String secret : secrets) {
                for (String text : texts) {
                    assertFalse(text.contains(secret), "a password appears in a log or output");
                }
            }
        } finally {
            children.stopAll();
        }
    }

    private record Simulator(int exit, String output) {
    }

    private static Simulator simulate(BrokerProcess broker, Path settings, int count, double rate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(),
                "--count", Integer.toString(count), "--rate", Double.toString(rate), "--kafka-timeout", "10s",
                "--wait-for-predictions", "60s", "--progress-interval", "5s"));
        if (settings != null) {
            args.addAll(List.of("--kafka-config", settings.toString()));
        }
        int exit = new CommandLine(new SimulatorCli(out, out))
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    out.println("error: " + error.getMessage());
                    return 3;
                })
                .execute(args.toArray(String[]::new));
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return new Simulator(exit, output);
    }

    /** The simulator's settings with its password replaced, or (mTLS) without its key store. */
    private static void writeStranger(Path simulator, Path stranger) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(KafkaClientSettings.read(simulator));
        if (settings.containsKey("sasl.jaas.config")) {
            settings.put("sasl.jaas.config", settings.get("sasl.jaas.config")
                    .replaceFirst("password=\"[^\"]*\"", "password=\"not-the-password\""));
        } else {
            settings.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));
        }
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var out = Files.newOutputStream(stranger)) {
            properties.store(out, null);
        }
    }

    private static List<String> secrets(Path file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties.stringPropertyNames().stream().map(properties::getProperty).toList();
    }

    private static void awaitScored(ServiceProcess service, long images) throws InterruptedException {
        long deadline = System.nanoTime() + SCORED.toNanos();
        while (LiveMetricsAnswers.labelledCount(service) < images) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the live metrics did not score " + images + " images within " + SCORED
                        + "; last answer: " + LiveMetricsAnswers.last());
            }
            Thread.sleep(500);
        }
    }
}
