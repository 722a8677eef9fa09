package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.model;
import static io.digitstream.inference.metrics.Events.prediction;
import static io.digitstream.inference.metrics.Events.unanimous;

import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.Topics;
import io.digitstream.schemas.WindowKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the metrics topology on a real embedded broker with exactly-once processing: N predictions (four
 * models plus the ensemble, as the service publishes them) and N labels are written first, then the Streams app is
 * started and the clock stops when the cumulative ensemble metrics report all N labelled.
 *
 * <pre>
 * mvn -o -q -pl inference-service test-compile
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.metrics.MetricsTopologyBenchmark -Dexec.args="20000 3"
 * </pre>
 * Arguments: number of images (20000), partitions of every topic (3).
 */
public final class MetricsTopologyBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> MODELS = List.of("mlp", "rnn", "gru", "cnn");

    private MetricsTopologyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path stateDir = Files.createTempDirectory("metrics-benchmark");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(partitions).build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);
            // One image per millisecond of event time, ending now: recent enough for the broker's retention.
            Instant t0 = Instant.now().minusMillis(images);
            publish(broker.bootstrapServers(), images, t0);

            // Ticks run ahead of the wall clock by 11 s of event time a second: allow them an hour.
            KafkaStreams streams = new KafkaStreams(TestMetricsConfig.topology(Duration.ofHours(1)).buildTopology(),
                    streamsConfig(broker.bootstrapServers(), stateDir));
            long started = System.nanoTime();
            streams.start();
            try {
                ModelMetrics done = awaitAllLabelled(broker.bootstrapServers(), images, t0.plusMillis(images));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "%d images (%d predictions + %d labels, %d models + ensemble), %d partitions, "
                        + "exactly_once_v2: %.1f s from start to the last cumulative result, %.0f input records/s%n",
                        images, images, images, MODELS.size(), partitions, seconds, 2 * images / seconds);
                System.out.println("ensemble cumulative: " + done);
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    private static void publish(String bootstrapServers, int images, Instant t0) {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new EventSerializer())) {
            for (int i = 0; i < images; i++) {
                String id = "bench-" + i;
                Instant at = t0.plusMillis(i);
                int digit = i % 10;
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, id,
                        prediction(id, at, Duration.ofMillis(40), models(i, digit), digit, 0.88)));
                producer.send(new ProducerRecord<>(Topics.LABELS, id, label(id, digit, at.plusMillis(20))));
            }
        }
    }

    // Every seventh image the rnn is wrong, so not every confusion matrix is diagonal.
    private static List<ModelPrediction> models(int image, int digit) {
        return MODELS.stream()
                .map(name -> model(name, name.equals("rnn") && image % 7 == 0 ? (digit + 1) % 10 : digit, 0.9, 0.5))
                .toList();
    }

    private static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-benchmark");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** Ticks (unlabelled predictions, one a second, 11 s of event time apart) move stream time so results get published. */
    private static ModelMetrics awaitAllLabelled(String bootstrapServers, int images, Instant firstTick) {
        try (KafkaConsumer<String, ModelMetrics> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "metrics-benchmark-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ModelMetricsSerde.Deserializer());
                KafkaProducer<String, Object> ticks = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                        new EventSerializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            Instant tick = firstTick;
            Instant nextTickAt = Instant.now();
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, ModelMetrics> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelMetrics metrics = record.value();
                    if (metrics.model().equals(PredictionLabelJoiner.ENSEMBLE) && metrics.window() == WindowKind.CUMULATIVE
                            && metrics.labelledCount() == images) {
                        return metrics;
                    }
                }
                if (Instant.now().isAfter(nextTickAt)) {
                    String id = "tick-" + tick.toEpochMilli();
                    ticks.send(new ProducerRecord<>(Topics.PREDICTIONS, id, unanimous(id, tick, 1)));
                    tick = tick.plusSeconds(11);
                    nextTickAt = Instant.now().plusSeconds(1);
                }
            }
            throw new IllegalStateException("not all " + images + " images labelled within " + RUN_TIMEOUT);
        }
    }

    private static final class EventSerializer implements Serializer<Object> {
        private final DigitPredictionSerde.Serializer predictions = new DigitPredictionSerde.Serializer();
        private final DigitLabelSerde.Serializer labels = new DigitLabelSerde.Serializer();

        @Override
        public byte[] serialize(String topic, Object event) {
            return event instanceof io.digitstream.schemas.DigitPrediction prediction
                    ? predictions.serialize(topic, prediction)
                    : labels.serialize(topic, (io.digitstream.schemas.DigitLabel) event);
        }
    }
}
