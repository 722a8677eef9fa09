package io.digitstream.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the packaged jar the way scripts do ({@code java -jar target/embedded-kafka.jar}) and stops it with SIGTERM. */
class EmbeddedKafkaMainIT {
    private static final Pattern READY = Pattern.compile("Kafka ready at 127\\.0\\.0\\.1:(\\d+) \\(PLAINTEXT\\)");

    @Test
    // A separate thread: a read blocked on the process's output does not answer an interrupt.
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void runnableJarStartsTheBrokerWithAllTopicsAndStopsCleanlyOnSigterm(@TempDir Path dataDir) throws Exception {
        Process process = new ProcessBuilder(java().toString(), "-jar", jar().toString(),
                "--port", "0", "--data-dir", dataDir.toString(), "--partitions", "3")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int port;
        try {
            port = awaitReadyPort(process);
            String bootstrapServers = "127.0.0.1:" + port;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                Map<String, TopicDescription> topics =
                        admin.describeTopics(DigitStreamTopics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);
                assertEquals(DigitStreamTopics.ALL.size(), topics.size());
                topics.values().forEach(topic -> assertEquals(3, topic.partitions().size(), topic.name()));
            }
        } finally {
            process.destroy(); // SIGTERM
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the broker stops within 60 s of SIGTERM");
        assertEquals(143, process.exitValue(), "exit status of a JVM ended by SIGTERM");
        assertTrue(Files.exists(dataDir.resolve("meta.properties")), "a given data dir is kept");
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, probe.getLocalPort());
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecuredBrokerNamesEachClientsSettingsFileButPrintsNoSecret(@TempDir Path dataDir, @TempDir Path secrets)
            throws Exception {
        Process process = new ProcessBuilder(java().toString(), "-jar", jar().toString(),
                "--port", "0", "--data-dir", dataDir.toString(), "--security", "sasl-ssl",
                "--secrets-dir", secrets.toString())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Kafka ready at")) {
                output.append(line).append('\n');
            }
            assertTrue(line != null && line.matches("Kafka ready at 127\\.0\\.0\\.1:\\d+ \\(SASL_SSL\\)"),
                    output + "" + line);
            for (String principal : List.of("admin", "inference-service", "simulator")) {
                assertTrue(output.toString().contains("client settings for " + principal + ": "
                        + secrets.resolve(principal + ".properties")), output.toString());
            }
            Properties passwords = new Properties();
            try (var in = Files.newInputStream(secrets.resolve("secrets.properties"))) {
                passwords.load(in);
            }
            assertFalse(passwords.isEmpty());
            for (String name : passwords.stringPropertyNames()) {
                assertFalse(output.toString().contains(passwords.getProperty(name)), "a secret on the console");
            }
        } finally {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void reportsATakenPortInOneLineAndExitsWithStatus1(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process process = new ProcessBuilder(java().toString(), "-jar", jar().toString(),
                    "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, process.exitValue());
            String lastLine = stderr.strip().lines().reduce((first, second) -> second).orElse("");
            assertTrue(lastLine.startsWith("embedded-kafka: Kafka did not start on 127.0.0.1:" + taken.getLocalPort()),
                    stderr);
            assertTrue(lastLine.contains("Address already in use"), stderr);
        }
    }

    private static Path jar() {
        Path jar = Path.of("target", "embedded-kafka.jar");
        assertTrue(Files.isRegularFile(jar), "run after `package`: " + jar.toAbsolutePath());
        return jar;
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int awaitReadyPort(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher ready = READY.matcher(line);
            if (ready.matches()) {
                return Integer.parseInt(ready.group(1));
            }
        }
        throw new AssertionError("the process ended without printing 'Kafka ready at ...' (exit "
                + process.waitFor() + ")");
    }
}
