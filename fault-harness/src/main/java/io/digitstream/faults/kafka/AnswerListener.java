package io.digitstream.faults.kafka;

import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code digits.predictions}, {@code digits.dlq} and {@code digits.metrics} with {@code read_committed} on its
 * own thread, from the end offsets taken before any image is sent, and books every answer in the {@link Ledger}:
 * a prediction by its key, a dead letter by its key and {@code dlq.topic}/{@code dlq.reason} headers. It keeps
 * reading while the broker is down (the client reconnects by itself).
 */
public final class AnswerListener implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final int PROBLEMS_PRINTED = 5;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Ledger ledger;
    private final Consumer<String> progress;
    private final List<RecoveryProbe> probes = new CopyOnWriteArrayList<>();
    private final AtomicLong latestMetricsCreateTime = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private AnswerListener(KafkaConsumer<String, byte[]> consumer, Ledger ledger, Consumer<String> progress) {
        this.consumer = consumer;
        this.ledger = ledger;
        this.progress = progress;
        this.thread = new Thread(this::pollUntilClosed, "fault-harness-answers");
        this.thread.setDaemon(true);
    }

    /** Assigns every partition of the three topics at their current end and starts reading. */
    public static AnswerListener startAtEnd(KafkaConnection kafka, Ledger ledger, Consumer<String> progress) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "fault-harness-answers",
                // Aborted transactions (a killed instance's open batch) must count neither as answers nor duplicates.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PREDICTIONS, Topics.DLQ, Topics.METRICS)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.bootstrapServers());
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            // seek() alone is lazy; position() fixes the offsets now, before the first image goes out.
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach(consumer::seek);
            partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        AnswerListener listener = new AnswerListener(consumer, ledger, progress);
        listener.thread.start();
        return listener;
    }

    /** Starts watching for the first prediction produced at or after {@code epochMillis}. */
    public RecoveryProbe probe(long producedAfterEpochMillis) {
        RecoveryProbe probe = new RecoveryProbe(producedAfterEpochMillis);
        probes.add(probe);
        return probe;
    }

    public void release(RecoveryProbe probe) {
        probes.remove(probe);
    }

    /** CreateTime of the newest record seen on {@code digits.metrics} (the metrics topology's output), 0 if none. */
    public long latestMetricsCreateTime() {
        return latestMetricsCreateTime.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(15).toMillis());
    }

    private void pollUntilClosed() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        handle(record, System.nanoTime());
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Keep counting: a listener that stopped would turn every later answer into a "loss".
                    report("the answer listener hit " + e + "; it keeps reading");
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() woke us: the normal way out of a blocking poll.
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, long visibleNanos) {
        switch (record.topic()) {
            case Topics.PREDICTIONS -> {
                TrackedRecord image = ledger.onPrediction(record.key(), visibleNanos);
                if (image != null) {
                    probes.forEach(probe -> probe.offer(record.timestamp(), visibleNanos));
                }
            }
            case Topics.DLQ -> {
                String sourceTopic = header(record, DlqHeaders.TOPIC);
                String reason = header(record, DlqHeaders.REASON);
                ledger.onDeadLetter(sourceTopic == null ? Topics.IMAGES : sourceTopic, record.key(),
                        reason == null ? "(no dlq.reason header)" : reason);
            }
            case Topics.METRICS -> latestMetricsCreateTime.accumulateAndGet(record.timestamp(), Math::max);
            default -> report("unexpected record from " + record.topic());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void report(String problem) {
        long count = problems.incrementAndGet();
        if (count <= PROBLEMS_PRINTED) {
            progress.accept(problem);
        }
    }
}
