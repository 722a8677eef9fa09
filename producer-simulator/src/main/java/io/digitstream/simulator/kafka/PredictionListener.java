package io.digitstream.simulator.kafka;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.report.RunResults;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@link Topics#PREDICTIONS} on its own thread from the end offsets taken before sending starts, so only this
 * run's predictions (and any concurrent ones, which {@link RunResults} counts apart) are seen. Records that are not
 * valid predictions are counted and shown, not skipped silently.
 */
public final class PredictionListener implements AutoCloseable {

    private static final int MALFORMED_PRINTED = 5;
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<DigitPrediction> deserializer = new DigitPredictionSerde.Deserializer();
    private final RunResults results;
    private final PrintStream errors;
    private final AtomicLong malformed = new AtomicLong();
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
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.PREDICTIONS);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.PREDICTIONS + " does not exist on "
                        + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + "; create the digit-stream topics (the embedded broker does) before running the simulator");
            }
            List<TopicPartition> partitions =
                    infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            // seek() on its own is lazy; position() fixes the offsets now, before the first image goes out.
            consumer.endOffsets(partitions).forEach(consumer::seek);
            partitions.forEach(consumer::position);
        } catch (TimeoutException e) {
            consumer.close();
            throw new IllegalStateException("no answer from Kafka at "
                    + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " (" + e.getMessage()
                    + "); is the broker running and --bootstrap-servers right?", e);
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

    private void handle(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        DigitPrediction prediction;
        try {
            prediction = deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            results.malformedPrediction();
            if (malformed.incrementAndGet() <= MALFORMED_PRINTED) {
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
