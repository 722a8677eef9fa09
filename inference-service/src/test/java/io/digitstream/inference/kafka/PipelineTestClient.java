package io.digitstream.inference.kafka;

import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the pipeline tests do with the real broker: publish records in order, read outputs as a read_committed reader. */
public final class PipelineTestClient {

    /** The largest record the tests' producer may send: the broker's message.max.bytes (4 MiB). */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final EmbeddedKafkaBroker broker;
    private final Duration deadline;

    public PipelineTestClient(EmbeddedKafkaBroker broker, Duration deadline) {
        this.broker = broker;
        this.deadline = deadline;
    }

    /** Sends every record, one after another, each acknowledged before the next; returns when each was sent. */
    public List<Instant> publish(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Instant> sentAt = new java.util.ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
                sentAt.add(Instant.now());
            }
            return sentAt;
        }
    }

    /** Reads {@code topic} from the beginning, as a read_committed consumer, until {@code done} or the deadline. */
    public void readUntil(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
            Consumer<ConsumerRecord<String, byte[]>> sink, BooleanSupplier done) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_REQUEST_BYTES);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant end = Instant.now().plus(deadline);
            // Keep reading a little after the expected count so a duplicate would be seen too.
            Instant settledAt = null;
            while (Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && filter.test(record)) {
                        sink.accept(record);
                    }
                }
                if (done.getAsBoolean()) {
                    settledAt = settledAt == null ? Instant.now() : settledAt;
                    if (Instant.now().isAfter(settledAt.plusSeconds(3))) {
                        return;
                    }
                }
            }
        }
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new AssertionError("output is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
