package io.digitstream.faults.scenario;

import io.digitstream.faults.HarnessSettings;
import io.digitstream.faults.hostile.HostileCase;
import io.digitstream.faults.hostile.HostileRecords;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.faults.process.BrokerProcess;
import io.digitstream.faults.kafka.TrackedRecord;
import io.digitstream.simulator.source.SourceImage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * (d) The hostile mix, one case at a time while the steady load flows: the hostile record, then a valid image on the
 * same partition of {@code digits.images}, which must be predicted within the deadline; the service must still be
 * ready and its dashboard's view of the newest predictions must still answer; after the whole mix, the metrics
 * topology must still publish. What became of each hostile record is judged at the end of the run.
 */
final class HostileRecordsScenario implements Scenario {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    @Override
    public ScenarioName name() {
        return ScenarioName.HOSTILE_RECORDS;
    }

    @Override
    public void run(Pipeline pipeline, ScenarioRecord record) throws Exception {
        HarnessSettings settings = pipeline.settings();
        pipeline.console().line("hostile-records: building the hostile records");
        SourceImage digit = pipeline.load().sampleImage();
        List<HostileCase> cases = new HostileRecords(pipeline.load()::newId, pipeline.partitions(),
                pipeline.maxMessageBytes(), digit.data(), digit.label()).all();
        pipeline.steady(record, settings.steady());
        record.faultStarted();
        try (KafkaProducer<String, byte[]> producer = hostileProducer(pipeline)) {
            for (HostileCase hostileCase : cases) {
                record.hostileCase(send(pipeline, producer, hostileCase));
            }
        }
        record.faultEnded();
        checkMetricsStillPublished(pipeline, record);
        pipeline.steady(record, settings.steady());
    }

    private HostileCaseRun send(Pipeline pipeline, KafkaProducer<String, byte[]> producer, HostileCase hostileCase)
            throws InterruptedException {
        ProducerRecord<String, byte[]> hostileRecord = hostileCase.record();
        TrackedRecord hostile = pipeline.ledger().register(hostileRecord.topic(), hostileRecord.key(),
                RecordKind.HOSTILE);
        sendAndWait(pipeline, producer, hostileRecord, hostile);
        for (ProducerRecord<String, byte[]> companion : hostileCase.companions()) {
            sendAndWait(pipeline, producer, companion, null);
        }
        TrackedRecord followUp = pipeline.load().sendOne(hostileCase.followUpId(), hostileCase.followUpPartition(),
                RecordKind.FOLLOW_UP);
        pipeline.load().flush();
        long sentAt = System.nanoTime();
        long deadline = sentAt + pipeline.settings().hostileDeadline().toNanos();
        while (followUp.firstPredictionNanos() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        Long followUpMillis = followUp.firstPredictionNanos() == 0 ? null
                : Math.max(0, followUp.firstPredictionNanos() - sentAt) / 1_000_000;
        // A failure may take a moment to show (a Streams thread dying, a bad entry reaching the dashboard); look
        // again until the deadline before calling the service unhealthy.
        int ready = pipeline.service().status("/q/health/ready");
        int recent = pipeline.service().status("/api/recent");
        while ((ready != 200 || recent != 200) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS * 4);
            ready = pipeline.service().status("/q/health/ready");
            recent = pipeline.service().status("/api/recent");
        }
        pipeline.console().line(String.format(Locale.ROOT,
                "hostile-records: %-34s %-18s %8d B -> %-22s follow-up %s, ready %d, /api/recent %d",
                hostileCase.name(), hostileRecord.topic(), hostileCase.size(), sendResult(hostile),
                followUpMillis == null ? "NOT predicted within " + pipeline.settings().hostileDeadline().toSeconds()
                        + " s" : "predicted in " + followUpMillis + " ms", ready, recent));
        return new HostileCaseRun(hostileCase, hostile, followUp, followUpMillis, ready, recent);
    }

    /** Sends one record and waits for the broker's answer, booking it in the ledger when it is tracked. */
    private static void sendAndWait(Pipeline pipeline, KafkaProducer<String, byte[]> producer,
            ProducerRecord<String, byte[]> record, TrackedRecord tracked) throws InterruptedException {
        try {
            producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (tracked != null) {
                pipeline.ledger().acked(tracked);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Exception cause = e instanceof ExecutionException && e.getCause() instanceof Exception c ? c : e;
            if (tracked != null) {
                pipeline.ledger().failed(tracked, cause);
            } else {
                pipeline.console().line("hostile-records: could not send a companion record: " + cause);
            }
        }
    }

    /** The metrics topology publishes every few seconds; a record produced after the mix shows it survived. */
    private static void checkMetricsStillPublished(Pipeline pipeline, ScenarioRecord record)
            throws InterruptedException {
        long after = System.currentTimeMillis();
        Duration wait = pipeline.settings().recoveryLimit();
        long deadline = System.nanoTime() + wait.toNanos();
        while (pipeline.listener().latestMetricsCreateTime() <= after && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS * 4);
        }
        boolean published = pipeline.listener().latestMetricsCreateTime() > after;
        String detail = published ? "a new digits.metrics record after the last hostile record"
                : "no digits.metrics record within " + wait.toSeconds() + " s after the last hostile record";
        record.check("metrics topology still publishing", published, detail);
        pipeline.console().line("hostile-records: " + detail);
    }

    private static String sendResult(TrackedRecord hostile) {
        return switch (hostile.sendState()) {
            case ACKED -> "accepted by the broker";
            case FAILED -> "refused by the broker";
            case PENDING -> "not acknowledged";
        };
    }

    /**
     * Not idempotent, so a record the broker refuses (too large) fails alone instead of fencing the producer; a
     * max.request.size far above the topic limit, so the broker, not the client, is what refuses the over-limit one.
     */
    private static KafkaProducer<String, byte[]> hostileProducer(Pipeline pipeline) {
        return new KafkaProducer<>(pipeline.broker().connection(BrokerProcess.ADMIN).config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "fault-harness-hostile",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * pipeline.maxMessageBytes() + 1_048_576,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * pipeline.maxMessageBytes() + 33_554_432L,
                ProducerConfig.RETRIES_CONFIG, 3,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000)),
                new StringSerializer(), new ByteArraySerializer());
    }
}
