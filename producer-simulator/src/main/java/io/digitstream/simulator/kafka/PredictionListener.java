package io.digitstream.simulator.kafka;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldReadingSerde;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.report.RunResults;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@link Topics#PREDICTIONS} and, when they exist, {@link Topics#DLQ} and {@link Topics#FIELD_READINGS} on its own thread from the end offsets
 * taken before sending starts, so only this run's answers (and any concurrent ones, which {@link RunResults} counts
 * apart) are seen. A dead-lettered image is an answer too, just not a prediction. Records that are not valid
 * predictions are counted and shown, not skipped silently.
 */
public final class PredictionListener implements AutoCloseable {

    /** Enough bad records to see the pattern without flooding the console. */
    private static final int PROBLEMS_PRINTED = 5;
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<DigitPrediction> deserializer = new DigitPredictionSerde.Deserializer();
    private final Deserializer<FieldReading> readingDeserializer = new FieldReadingSerde.Deserializer();
    private final RunResults results;
    private final PrintStream errors;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private PredictionListener(KafkaConsumer<String, byte[]> consumer, RunResults results, PrintStream errors) {
        this.consumer = consumer;
        this.results = results;
        this.errors = errors;
        this.thread = new Thread(this::pollLoop, "prediction-listener");
    }

    /**
     * Assigns every partition of the predictions topic at its current end and starts listening.
     *
     * @throws IllegalStateException when the topic does not exist
     */
    public static PredictionListener startAtEnd(Map<String, Object> kafkaConfig, String groupId, RunResults results,
            PrintStream errors) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The service writes its outputs in transactions; aborted ones must not count as predictions or duplicates.
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Asking for a missing topic must not create it as a side effect.
        config.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>(partitionsOf(consumer, Topics.PREDICTIONS));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.PREDICTIONS + " does not exist on "
                        + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + "; create the digit-stream topics (the embedded broker does) before running the simulator");
            }
            partitions.addAll(partitionsOf(consumer, Topics.DLQ));
            partitions.addAll(partitionsOf(consumer, Topics.FIELD_READINGS));
            consumer.assign(partitions);
            // seek() on its own is lazy; position() fixes the offsets now, before the first image goes out.
            consumer.endOffsets(partitions).forEach(consumer::seek);
            partitions.forEach(consumer::position);
        } catch (TimeoutException e) {
            consumer.close();
            throw new IllegalStateException("no answer from Kafka at "
                    + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " (" + e.getMessage()
                    + "); is the broker running and --bootstrap-servers right? A secured cluster also needs its "
                    + "client settings (--kafka-config or DIGITSTREAM_KAFKA_CLIENT_CONFIG)", e);
        } catch (AuthenticationException e) {
            consumer.close();
            throw new IllegalStateException("Kafka at " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " refused this client: " + e.getMessage() + ". Check the client settings file (--kafka-config): "
                    + "the SCRAM user and password in sasl.jaas.config, or for mutual TLS this client's certificate "
                    + "in ssl.keystore.*, and the cluster's CA in ssl.truststore.*", e);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        PredictionListener listener = new PredictionListener(consumer, results, errors);
        listener.thread.start();
        return listener;
    }

    /** The error that stopped the listener early, if any. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }

    private void pollLoop() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                Instant receivedAt = Instant.now();
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record, receivedAt);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up: the normal way out of a blocking poll.
        } catch (RuntimeException e) {
            failure = e;
            errors.println("error: prediction listener stopped: " + e);
        } finally {
            consumer.close();
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private void handle(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        if (Topics.DLQ.equals(record.topic())) {
            handleDeadLetter(record);
        } else if (Topics.FIELD_READINGS.equals(record.topic())) {
            handleReading(record, receivedAt);
        } else {
            handlePrediction(record, receivedAt);
        }
    }

    private void handleDeadLetter(ConsumerRecord<String, byte[]> record) {
        String sourceTopic = header(record, DlqHeaders.TOPIC);
        if (record.key() == null || !results.tracker().sentImage(record.key()).isPresent()) {
            return;
        }
        String reason = header(record, DlqHeaders.REASON);
        if (Topics.IMAGES.equals(sourceTopic) || Topics.FIELDS.equals(sourceTopic)) {
            results.onRejected(record.key(), reason);
        }
        if (deadLetters.incrementAndGet() <= PROBLEMS_PRINTED) {
            errors.println("warning: the service dead-lettered this run's " + sourceTopic + " record " + record.key()
                    + " (" + reason + "): " + header(record, DlqHeaders.DETAIL));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void handleReading(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        FieldReading reading;
        try {
            reading = readingDeserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            results.malformedPrediction();
            if (malformed.incrementAndGet() <= PROBLEMS_PRINTED) {
                errors.println("warning: " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " (key " + record.key() + ") is not a valid field reading: " + e.getMessage());
            }
            return;
        }
        if (reading == null) {
            results.malformedPrediction();
            return;
        }
        results.onFieldReading(reading, receivedAt);
    }

    private void handlePrediction(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        DigitPrediction prediction;
        try {
            prediction = deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            results.malformedPrediction();
            if (malformed.incrementAndGet() <= PROBLEMS_PRINTED) {
                errors.println("warning: " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " (key " + record.key() + ") is not a valid prediction: " + e.getMessage());
            }
            return;
        }
        if (prediction == null) {
            results.malformedPrediction();
            return;
        }
        results.onPrediction(prediction, receivedAt);
    }
}
