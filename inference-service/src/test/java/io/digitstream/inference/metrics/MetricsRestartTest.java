package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.unanimous;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.kafka.embedded.EmbeddedKafkaExtension;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.FieldMetrics;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldReadingSerde;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.schemas.WindowKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics topology on a real broker with exactly-once processing: stopped, its local state wiped, and started
 * again, it must carry on from the changelog topics. The cumulative counts after the restart must equal the events
 * of both phases, neither reset to the second phase alone nor doubled, and repeats of images seen before the
 * restart must still be recognised. The same holds for form fields and their true strings.
 */
class MetricsRestartTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.builder().build();

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    // Event times near now: the broker's time-based retention would delete records that look months old.
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path stateDir;

    private KafkaProducer<String, Object> producer;
    private KafkaConsumer<String, ModelMetrics> metricsConsumer;
    private final List<ModelMetrics> published = new ArrayList<>();
    private Instant nextTick = T0.plusSeconds(20);

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer());
        metricsConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "metrics-restart-test-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ModelMetricsSerde.Deserializer());
        metricsConsumer.subscribe(List.of(Topics.METRICS));
    }

    @AfterEach
    void disconnect() {
        producer.close();
        metricsConsumer.close();
    }

    @Test
    void cumulativeCountsContinueAcrossARestartFromTheChangelogs() {
        // Phase 1: 20 images, each digit twice; 15 labelled (12 right); the first 5 predicted twice.
        KafkaStreams first = start();
        for (int i = 0; i < 20; i++) {
            DigitPrediction prediction = unanimous("p1-" + i, T0.plusMillis(100L * i), i % 10);
            if (i < 15) {
                int truth = i < 3 ? (i + 1) % 10 : i % 10;
                send(Topics.LABELS, prediction.id(), label(prediction.id(), truth, prediction.predictedAt().plusMillis(50)));
            }
            send(Topics.PREDICTIONS, prediction.id(), prediction);
            if (i < 5) {
                send(Topics.PREDICTIONS, prediction.id(), prediction);
            }
        }
        // And 6 form fields, all labelled, 4 read exactly (the other 2 right in their last digit only); the first 2
        // read twice.
        for (int i = 0; i < 6; i++) {
            String id = "f1-" + i;
            FieldReading reading = Events.fieldReading(id, T0.plusMillis(100L * i + 30), "12" + i, "12" + i, "12" + i);
            send(Topics.FIELD_READINGS, id, reading);
            send(Topics.FIELD_LABELS, id, new FieldLabel(id, i < 4 ? "12" + i : "99" + i, reading.readAt()));
            if (i < 2) {
                send(Topics.FIELD_READINGS, id, reading);
            }
        }
        // Labels and unlabelled predictions reach the cumulative aggregate by different paths, so the first record
        // with all 15 labels may not yet count the last unlabelled predictions: wait for both.
        ModelMetrics beforeRestart = awaitCumulativeEnsemble(m -> m.labelledCount() == 15 && m.predictedCount() >= 20
                && m.fields() != null && m.fields().labelledCount() == 6);
        assertEquals(new FieldMetrics(6, 6, 4.0 / 6, 14.0 / 18, 1.0), beforeRestart.fields(), "repeats counted once");
        assertEquals(12.0 / 15, beforeRestart.accuracy(), 1e-9);
        assertEquals(classCounts(2, beforeRestart), beforeRestart.predictedClassCounts(), "repeats counted once");

        first.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        first.cleanUp();

        // Phase 2: 10 new images, one per digit, all labelled and right; the first 5 images of phase 1 once more.
        KafkaStreams second = start();
        try {
            Instant phase2 = nextTick;
            for (int i = 0; i < 10; i++) {
                DigitPrediction prediction = unanimous("p2-" + i, phase2.plusMillis(100L * i), i % 10);
                send(Topics.PREDICTIONS, prediction.id(), prediction);
                send(Topics.LABELS, prediction.id(), label(prediction.id(), i % 10, prediction.predictedAt()));
            }
            for (int i = 0; i < 5; i++) {
                send(Topics.PREDICTIONS, "p1-" + i, unanimous("p1-" + i, T0.plusMillis(100L * i), i % 10));
            }
            // 4 new fields, all read exactly; phase 1's first 2 readings once more.
            for (int i = 0; i < 4; i++) {
                String id = "f2-" + i;
                FieldReading reading = Events.fieldReading(id, phase2.plusMillis(100L * i + 30), "34" + i, "34" + i,
                        "34" + i);
                send(Topics.FIELD_READINGS, id, reading);
                send(Topics.FIELD_LABELS, id, new FieldLabel(id, "34" + i, reading.readAt()));
            }
            for (int i = 0; i < 2; i++) {
                send(Topics.FIELD_READINGS, "f1-" + i, Events.fieldReading("f1-" + i, T0.plusMillis(100L * i + 30),
                        "12" + i, "12" + i, "12" + i));
            }
            ModelMetrics afterRestart = awaitCumulativeEnsemble(m -> m.labelledCount() >= 25 && m.predictedCount() >= 30
                    && m.fields() != null && m.fields().labelledCount() >= 10);
            assertEquals(new FieldMetrics(10, 10, 8.0 / 10, 26.0 / 30, 1.0), afterRestart.fields(),
                    "fields continued from 6, neither reset nor doubled, phase 1's repeats not counted");

            assertEquals(25, afterRestart.labelledCount(), "continued from 15, neither reset nor doubled");
            assertEquals(22.0 / 25, afterRestart.accuracy(), 1e-9);
            assertEquals(classCounts(3, afterRestart), afterRestart.predictedClassCounts(),
                    "phase 1 counted once, its repeats after the restart not at all");
            assertEquals(T0, afterRestart.windowStart(), "the cumulative window still starts at the first event");
        } finally {
            second.close(Duration.ofSeconds(30));
        }
    }

    /**
     * The expected predicted-class counts: {@code each} per digit, plus on digit 9 every tick the metrics include
     * (ticks predict 9 and are the only predictions beyond the images, so their number is the remainder).
     */
    private static List<Long> classCounts(long each, ModelMetrics metrics) {
        long ticks = metrics.predictedCount() - 10 * each;
        List<Long> counts = new ArrayList<>(Collections.nCopies(10, each));
        counts.set(9, each + ticks);
        return counts;
    }

    private KafkaStreams start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-restart-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Ticks run ahead of the wall clock by 11 s of event time per poll: allow them an hour.
        MetricsTopologyProducer topology = TestMetricsConfig.topology(Duration.ofHours(1));
        KafkaStreams streams = new KafkaStreams(topology.buildTopology(), props);
        streams.start();
        return streams;
    }

    private void send(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, event));
        producer.flush();
    }

    /**
     * Sends unlabelled ticks (digit 9), each 11 s of event time after the last, until a cumulative ensemble record
     * satisfies {@code done}: cumulative results are published once per 10 s of stream time, so stream time must move.
     */
    private ModelMetrics awaitCumulativeEnsemble(Predicate<ModelMetrics> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            String tick = "tick-" + nextTick.toEpochMilli();
            send(Topics.PREDICTIONS, tick, unanimous(tick, nextTick, 9));
            nextTick = nextTick.plusSeconds(11);
            for (ConsumerRecord<String, ModelMetrics> record : metricsConsumer.poll(Duration.ofSeconds(2))) {
                published.add(record.value());
            }
            List<ModelMetrics> cumulative = published.stream()
                    .filter(m -> m.model().equals(PredictionLabelJoiner.ENSEMBLE) && m.window() == WindowKind.CUMULATIVE)
                    .toList();
            if (!cumulative.isEmpty() && done.test(cumulative.get(cumulative.size() - 1))) {
                return cumulative.get(cumulative.size() - 1);
            }
        }
        throw new AssertionError("no cumulative ensemble metrics as expected within " + DEADLINE + "; published: "
                + published);
    }

    /** Writes each event with its own serde, so one producer can feed every input topic. */
    private static final class EventSerializer implements Serializer<Object> {
        private final DigitPredictionSerde.Serializer predictions = new DigitPredictionSerde.Serializer();
        private final DigitLabelSerde.Serializer labels = new DigitLabelSerde.Serializer();
        private final FieldReadingSerde.Serializer readings = new FieldReadingSerde.Serializer();
        private final FieldLabelSerde.Serializer fieldLabels = new FieldLabelSerde.Serializer();

        @Override
        public byte[] serialize(String topic, Object event) {
            if (event instanceof DigitPrediction prediction) {
                return predictions.serialize(topic, prediction);
            }
            if (event instanceof FieldReading reading) {
                return readings.serialize(topic, reading);
            }
            if (event instanceof FieldLabel label) {
                return fieldLabels.serialize(topic, label);
            }
            return labels.serialize(topic, (io.digitstream.schemas.DigitLabel) event);
        }
    }
}
