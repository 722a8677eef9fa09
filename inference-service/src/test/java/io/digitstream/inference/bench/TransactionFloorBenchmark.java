package io.digitstream.inference.bench;

import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The latency floor of exactly-once on this machine, with no inference and no framework: the textbook
 * consume-transform-produce loop of the bare Kafka clients (poll, begin, send one ~1 KB record per input, send the
 * offsets, commit) in its own JVM pinned to the service's core, the broker and an open-loop load generator pinned to
 * the other, as in {@code OneCoreBenchmark}. Its end-to-end percentiles (send to visible to a read_committed consumer)
 * bound what the service can reach with exactly-once on this broker, whatever it does per record.
 *
 * <p>Arguments: rate (images/s, 640), seconds (60), then {@code linger=MS} for the loop's producer (Kafka's default
 * 5), {@code retry-backoff=MS} for its producer (Kafka's default 100), {@code eos=off} (at least once: flush, then commit
 * the offsets; what exactly-once costs by comparison), {@code value-bytes=N} (1300, a raw image event's size), {@code service-core=C} (0), {@code other-core=C} (1).
 */
public final class TransactionFloorBenchmark {

    private static final String IN = "floor.in";
    private static final String OUT = "floor.out";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("loop")) {
            loop(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]),
                    Boolean.parseBoolean(args[5]));
            return;
        }
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 640;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int linger = 5;
        int retryBackoff = 100;
        boolean exactlyOnce = true;
        int valueBytes = 1300;
        int serviceCore = 0;
        int otherCore = 1;
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            switch (pair[0]) {
                case "linger" -> linger = Integer.parseInt(pair[1]);
                case "retry-backoff" -> retryBackoff = Integer.parseInt(pair[1]);
                case "eos" -> exactlyOnce = !pair[1].equals("off");
                case "value-bytes" -> valueBytes = Integer.parseInt(pair[1]);
                case "service-core" -> serviceCore = Integer.parseInt(pair[1]);
                case "other-core" -> otherCore = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        OneCoreBenchmark.pin(ProcessHandle.current().pid(), otherCore);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(3).build().start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(IN, 3, (short) 1), new NewTopic(OUT, 3, (short) 1)))
                        .all().get();
            }
            Path log = Path.of("target/bench-floor-loop.log");
            Process loop = new ProcessBuilder("taskset", "-c", Integer.toString(serviceCore),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath(),
                    TransactionFloorBenchmark.class.getName(), "loop", broker.bootstrapServers(),
                    Integer.toString(linger), Long.toString(seconds + 120L), Integer.toString(retryBackoff),
                    Boolean.toString(exactlyOnce))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                // Warm-up: the loop's JIT and the transaction coordinator, then the measured run.
                measure(broker.bootstrapServers(), rate, Math.min(20, seconds), valueBytes, "warm-up", exactlyOnce);
                measure(broker.bootstrapServers(), rate, seconds, valueBytes, "measured", exactlyOnce);
            } finally {
                loop.destroy();
                loop.waitFor();
            }
            System.out.println("loop's commit times: " + String.join("", java.nio.file.Files.readAllLines(log)
                    .stream().filter(line -> line.startsWith("commit")).reduce((a, b) -> b).map(List::of)
                    .orElse(List.of("(none logged)"))));
        }
    }

    private static void measure(String bootstrapServers, double rate, int seconds, int valueBytes, String label,
            boolean exactlyOnce)
            throws Exception {
        int images = (int) (rate * seconds);
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, (byte) 'x');
        Histogram latencies = EndToEndBenchmark.openLoopLatencies(bootstrapServers, IN, OUT, run,
                java.util.Collections.nCopies(images, value), rate, Duration.ofSeconds(seconds + 120L));
        if (latencies.getTotalCount() < images) {
            throw new IllegalStateException(label + ": only " + latencies.getTotalCount() + " of " + images
                    + " came back");
        }
        System.out.printf(Locale.ROOT, "%s: bare %s loop at %.0f records/s for %d s (%d records of %d bytes):"
                        + " end to end p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", label,
                exactlyOnce ? "exactly-once" : "at-least-once", rate, seconds,
                latencies.getTotalCount(), valueBytes, latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(95) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getMaxValue() / 1000.0);
    }

    /** The consume-transform-produce loop, in its own JVM; logs its mean batch size and commit time now and then. */
    private static void loop(String bootstrapServers, int linger, long seconds, int retryBackoff,
            boolean exactlyOnce) throws Exception {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "floor");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "256");
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (exactlyOnce) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "floor-loop");
        }
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(linger));
        producerConfig.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        producerConfig.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, Integer.toString(retryBackoff));
        byte[] prediction = new byte[1000];
        java.util.Arrays.fill(prediction, (byte) 'p');
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                        new ByteArraySerializer())) {
            if (exactlyOnce) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(IN));
            long batches = 0;
            long records = 0;
            long commitNanos = 0;
            long lastLog = System.nanoTime();
            while (System.nanoTime() < end) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                if (exactlyOnce) {
                    producer.beginTransaction();
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : polled) {
                    producer.send(new ProducerRecord<>(OUT, record.key(), prediction));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                if (exactlyOnce) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                } else {
                    // At least once: outputs acknowledged, then the offsets; a crash in between doubles them.
                    producer.flush();
                    consumer.commitSync(offsets);
                }
                commitNanos += System.nanoTime() - start;
                batches++;
                records += polled.count();
                if (System.nanoTime() - lastLog > 5_000_000_000L) {
                    System.out.printf(Locale.ROOT, "commit: %d batches of %.1f records, %.2f ms per batch (sends, offsets, commit)%n",
                            batches, (double) records / batches, commitNanos / 1e6 / batches);
                    lastLog = System.nanoTime();
                }
            }
        }
    }

    /** The test classpath this harness runs on (exec:java's class loader, else java.class.path). */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        ClassLoader loader = TransactionFloorBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                entries.add(new File(url.getPath()).getPath());
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
    }
}
