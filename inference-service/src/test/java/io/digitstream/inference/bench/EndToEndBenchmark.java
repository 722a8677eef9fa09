package io.digitstream.inference.bench;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end throughput: a real embedded broker, the packaged service in its own JVM (exactly as deployed), N MNIST
 * test images published as fast as the producer can, and the clock stopped when the last prediction is visible to a
 * read_committed consumer.
 *
 * <pre>
 * mvn -o -q -pl inference-service package -DskipTests
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.EndToEndBenchmark -Dexec.args="target/quick-models 20000"
 * </pre>
 * Arguments: model directory, number of images (20000), extra service options as KEY=VALUE environment entries.
 */
public final class EndToEndBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "target/quick-models").toAbsolutePath();
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path serviceJar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException("package the service first: " + serviceJar + " is missing");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(3).build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);
            int httpPort = freePort();
            ProcessBuilder service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", serviceJar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/bench-service.log").toFile());
            service.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            service.environment().put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            service.environment().put("DIGITSTREAM_MODELS_DIR", modelDir.toString());
            service.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            for (int i = 2; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                service.environment().put(pair[0], pair[1]);
            }
            Process process = service.start();
            try {
                awaitReady(httpPort);
                double perSecond = run(broker.bootstrapServers(), images);
                System.out.printf(Locale.ROOT, "end-to-end: %d images, %.0f images/s (publish to last prediction)%n",
                        images, perSecond);
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static double run(String bootstrapServers, int images) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<byte[]> events = new java.util.ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            events.add(MnistFixtures.json(MnistFixtures.rawEvent(run + "-" + i, i % 10_000)));
        }
        try (KafkaConsumer<String, String> consumer = predictionsConsumer(bootstrapServers);
                KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            consumer.subscribe(List.of(Topics.PREDICTIONS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            long start = System.nanoTime();
            for (int i = 0; i < images; i++) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, run + "-" + i, events.get(i)));
            }
            producer.flush();
            Set<String> predicted = new HashSet<>();
            long deadline = start + RUN_TIMEOUT.toNanos();
            while (predicted.size() < images) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + predicted.size() + " of " + images + " predicted in " + RUN_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().startsWith(run)) {
                        predicted.add(record.key());
                    }
                }
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static KafkaConsumer<String, String> predictionsConsumer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void awaitReady(int httpPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://localhost:" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the service is still starting; poll again
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not ready after " + READY_TIMEOUT + "; see target/bench-service.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
