package io.digitstream.inference.bench;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.kafka.embedded.security.KafkaPrincipals;
import io.digitstream.kafka.embedded.security.KafkaSecurity;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.KafkaClientSettings;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * End-to-end throughput against the ceiling, both measured in one run on the same machine: a real embedded broker,
 * first the ceiling (the manifest's models in an in-process ONNX Runtime loop, {@link OrtCeilingBenchmark}, with the
 * broker idle), then the packaged service in its own JVM (exactly as deployed): a warm-up of W images, then N MNIST
 * test images published as fast as the producer can, the clock stopped when the last prediction is visible to a
 * read_committed consumer. Also reports the CPU time the service JVM and this JVM (broker, producer, consumer) spent
 * per image, which says where the two cores went.
 *
 * <pre>
 * mvn -o -q -pl inference-service package -DskipTests
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.EndToEndBenchmark -Dexec.args="target/quick-models 20000"
 * </pre>
 * Arguments: model directory, number of images (20000), then any of: {@code KEY=VALUE} environment entries for the
 * service (its configuration), {@code -X...} JVM options for the service (e.g. a JFR recording), {@code warmup=W}
 * (3000), {@code ceiling-seconds=S} (3 per cell; 0 skips the ceiling), {@code service-jar=PATH} (another build of the
 * service, e.g. an earlier commit's, to compare; default {@code target/quarkus-app/quarkus-run.jar}),
 * {@code security=sasl-ssl|mtls} (the broker secured with ACLs, the service and the bench's clients connecting with
 * their principals' settings files, to measure what TLS and authentication cost; default plaintext).
 */
public final class EndToEndBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final int[] CEILING_BATCHES = {64, 128, 256};
    /** The bench's own clients' settings for a secured broker (the admin principal); empty for plaintext. */
    private static volatile Map<String, Object> clientSettings = Map.of();

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "target/quick-models").toAbsolutePath();
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmUp = 3000;
        double ceilingSeconds = 3;
        String serviceJarArg = "target/quarkus-app/quarkus-run.jar";
        List<String> jvmOptions = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        KafkaSecurity security = KafkaSecurity.PLAINTEXT;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("security=")) {
                security = KafkaSecurity.parse(args[i].substring("security=".length()));
            } else if (args[i].startsWith("-")) {
                jvmOptions.add(args[i]);
            } else if (args[i].startsWith("warmup=")) {
                warmUp = Integer.parseInt(args[i].substring("warmup=".length()));
            } else if (args[i].startsWith("service-jar=")) {
                serviceJarArg = args[i].substring("service-jar=".length());
            } else if (args[i].startsWith("ceiling-seconds=")) {
                ceilingSeconds = Double.parseDouble(args[i].substring("ceiling-seconds=".length()));
            } else {
                String[] pair = args[i].split("=", 2);
                environment.put(pair[0], pair[1]);
            }
        }
        Path serviceJar = Path.of(serviceJarArg).toAbsolutePath();
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException("package the service first: " + serviceJar + " is missing");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(3).security(security)
                .build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);
            clientSettings = broker.clientProperties(KafkaPrincipals.ADMIN);
            System.out.println("broker security: " + security);
            OrtCeilingBenchmark.Result ceiling = ceilingSeconds > 0 ? ceiling(modelDir, ceilingSeconds) : null;

            int httpPort = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Its own Streams state, so no state of an earlier run's broker lingers.
            command.add("-Dkafka-streams.state.dir=" + Files.createTempDirectory("bench-streams-state"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", serviceJar.toString()));
            ProcessBuilder service = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/bench-service.log").toFile());
            service.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            service.environment().put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            service.environment().put("DIGITSTREAM_MODELS_DIR", modelDir.toString());
            service.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            if (security.secured()) {
                service.environment().put(KafkaClientSettings.ENVIRONMENT_VARIABLE,
                        broker.clientPropertiesFile(KafkaPrincipals.INFERENCE_SERVICE).toString());
            }
            service.environment().putAll(environment);
            Process process = service.start();
            try {
                awaitReady(httpPort);
                if (warmUp > 0) {
                    double warm = run(broker.bootstrapServers(), warmUp, process).imagesPerSecond();
                    System.out.printf(Locale.ROOT, "warm-up: %d images, %.0f images/s%n", warmUp, warm);
                }
                Measured measured = run(broker.bootstrapServers(), images, process);
                System.out.printf(Locale.ROOT, "end-to-end: %d images, %.0f images/s (publish to last prediction)%n",
                        images, measured.imagesPerSecond());
                System.out.printf(Locale.ROOT, "CPU per image: service JVM %.0f us, broker+producer+consumer JVM %.0f us"
                                + " (%.2f of 2 cores busy)%n", measured.serviceCpuMicrosPerImage(),
                        measured.benchCpuMicrosPerImage(), measured.coresBusy());
                if (ceiling != null) {
                    System.out.printf(Locale.ROOT, "ratio end-to-end / ceiling: %.2f%n",
                            measured.imagesPerSecond() / ceiling.imagesPerSecond());
                }
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /** The best in-process rate over one and two intra-op threads and the batch sizes the service can use. */
    private static OrtCeilingBenchmark.Result ceiling(Path modelDir, double seconds) throws Exception {
        OrtCeilingBenchmark.Result best = null;
        for (int threads : new int[] {1, 2}) {
            for (OrtCeilingBenchmark.Result result : OrtCeilingBenchmark.measure(modelDir,
                    new OnnxThreads(threads, 1), seconds, CEILING_BATCHES)) {
                System.out.printf(Locale.ROOT, "ceiling cell: %d intra-op thread(s), batch %d: %.0f images/s%n",
                        result.intraOpThreads(), result.batchSize(), result.imagesPerSecond());
                best = best == null || result.imagesPerSecond() > best.imagesPerSecond() ? result : best;
            }
        }
        System.out.printf(Locale.ROOT, "ceiling: %.0f images/s at batch %d with %d intra-op thread(s)%n",
                best.imagesPerSecond(), best.batchSize(), best.intraOpThreads());
        return best;
    }

    /** Throughput of one publish-to-last-prediction run and the CPU both JVMs spent on it. */
    private record Measured(int images, double seconds, double serviceCpuSeconds, double benchCpuSeconds) {

        double imagesPerSecond() {
            return images / seconds;
        }

        double serviceCpuMicrosPerImage() {
            return serviceCpuSeconds * 1e6 / images;
        }

        double benchCpuMicrosPerImage() {
            return benchCpuSeconds * 1e6 / images;
        }

        double coresBusy() {
            return (serviceCpuSeconds + benchCpuSeconds) / seconds;
        }
    }

    private static Measured run(String bootstrapServers, int images, Process service) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double[] cpuBefore = new double[2];
        double seconds = publishAndAwaitPredictions(bootstrapServers, run, events(run, images, "raw"), () -> {
            cpuBefore[0] = cpuSeconds(service.toHandle());
            cpuBefore[1] = cpuSeconds(ProcessHandle.current());
        });
        return new Measured(images, seconds, cpuSeconds(service.toHandle()) - cpuBefore[0],
                cpuSeconds(ProcessHandle.current()) - cpuBefore[1]);
    }

    /** MNIST test images as {@code digits.images} values with ids {@code run-0, run-1, ...}: raw, or 28x28 PNG. */
    static List<byte[]> events(String run, int images, String encoding) {
        List<byte[]> events = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            String id = run + "-" + i;
            DigitImage event = switch (encoding) {
                case "raw" -> MnistFixtures.rawEvent(id, i % 10_000);
                case "png" -> MnistFixtures.pngEvent(id, i % 10_000, 1);
                default -> throw new IllegalArgumentException("encoding must be raw or png: " + encoding);
            };
            events.add(MnistFixtures.json(event));
        }
        return events;
    }

    /**
     * Publishes the events as fast as the producer can and waits until a read_committed consumer has seen a prediction
     * for every one of them.
     *
     * @param atStart runs once the consumer is assigned, right before the first send (e.g. to read CPU counters)
     * @return seconds from the first send to the last prediction
     */
    static double publishAndAwaitPredictions(String bootstrapServers, String run, List<byte[]> events, Runnable atStart) {
        try (KafkaConsumer<String, String> consumer = predictionsConsumer(bootstrapServers);
                KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            consumer.subscribe(List.of(Topics.PREDICTIONS));
            awaitAssignedAtEnd(consumer);
            atStart.run();
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, run + "-" + i, events.get(i)));
            }
            producer.flush();
            Set<String> predicted = new HashSet<>();
            long deadline = start + RUN_TIMEOUT.toNanos();
            while (predicted.size() < events.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + predicted.size() + " of " + events.size()
                            + " predicted in " + RUN_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.key().startsWith(run)) {
                        predicted.add(record.key());
                    }
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("this OS does not report process CPU time")).toNanos() / 1e9;
    }

    /**
     * Open loop: {@code values.size()} records sent to {@code in} at a fixed rate, keyed {@code <run>-<i>}, whatever the
     * other side does; each one's latency from its send to its answer (same key) on {@code out} becoming visible to a
     * read_committed consumer, in microseconds. Returns when every answer came or {@code timeout} after the start; the
     * histogram's count says how many came.
     */
    static org.HdrHistogram.Histogram openLoopLatencies(String bootstrapServers, String in, String out, String run,
            List<byte[]> values, double rate, Duration timeout) throws InterruptedException {
        int records = values.size();
        Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        org.HdrHistogram.Histogram latencies = new org.HdrHistogram.Histogram(3);
        try (KafkaConsumer<String, String> consumer = predictionsConsumer(bootstrapServers);
                KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            consumer.subscribe(List.of(out));
            awaitAssignedAtEnd(consumer);
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String id = run + "-" + i;
                    sentAt.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(in, id, values.get(i)));
                }
                producer.flush();
            }, "open-loop-sender");
            sender.start();
            int seen = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    Long sent = sentAt.remove(record.key());
                    if (sent != null) {
                        latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        seen++;
                    }
                }
            }
            sender.join();
        }
        return latencies;
    }

    /**
     * Waits until the consumer has its partitions and knows its position in each. With auto.offset.reset=latest the
     * position is only looked up at the first fetch, so without this the first predictions could land before that
     * "latest" and be missed, and a run would wait for them forever.
     */
    static void awaitAssignedAtEnd(KafkaConsumer<?, ?> consumer) {
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.assignment().forEach(consumer::position);
    }

    static KafkaConsumer<String, String> predictionsConsumer(String bootstrapServers) {
        Properties config = new Properties();
        config.putAll(clientSettings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.putAll(clientSettings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static void awaitReady(int httpPort) throws Exception {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
