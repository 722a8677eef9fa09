package io.digitstream.faults.kafka;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.load.NanoClock;
import io.digitstream.simulator.load.TokenBucket;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.SourceImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * MNIST test images (raw, each with its label on {@code digits.labels}) published at a target rate on a thread of
 * their own, with unique ids registered in the {@link Ledger} before each send. The rate can change while it runs
 * (overload); single images (follow-ups) and unpaced bursts (the saturation probe) go through the same idempotent
 * producer.
 */
public final class ImageLoad implements AutoCloseable {

    /** How far a sender that fell behind may catch up at once (the simulator's default too). */
    private static final double BURST_SECONDS = 0.1;
    /** Longest sleep between looks at the rate and the stop flag. */
    private static final long MAX_SLEEP_NANOS = Duration.ofMillis(50).toNanos();
    private static final int FAILURES_PRINTED = 5;

    private final KafkaProducer<String, byte[]> producer;
    private final Ledger ledger;
    private final MnistTestSetSource source;
    private final String runId;
    private final Consumer<String> progress;
    private final DigitImageSerde.Serializer images = new DigitImageSerde.Serializer();
    private final DigitLabelSerde.Serializer labels = new DigitLabelSerde.Serializer();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread pacer;
    private volatile double rate;
    private volatile boolean running = true;

    public ImageLoad(KafkaConnection kafka, Ledger ledger, MnistTestSetSource source, String runId, double rate,
            Consumer<String> progress) {
        this.producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "fault-harness-load",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // While the broker is down, records already sent wait in the buffer and are retried for
                // delivery.timeout.ms (2 min); a new send without metadata blocks the pacer at most this long.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
        this.ledger = ledger;
        this.source = source;
        this.runId = runId;
        this.rate = rate;
        this.progress = progress;
        this.pacer = new Thread(this::paceUntilStopped, "fault-harness-load");
        this.pacer.setDaemon(true);
    }

    public void start() {
        pacer.start();
    }

    /** Changes the paced rate (images per second) from the next image on. */
    public void rate(double imagesPerSecond) {
        if (!(imagesPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + imagesPerSecond);
        }
        rate = imagesPerSecond;
    }

    /** Images handed to the producer so far (paced, bursts and single ones). */
    public long sent() {
        return sent.get();
    }

    /** Sends {@code count} images (with labels) as fast as the producer takes them, from the calling thread. */
    public List<TrackedRecord> burst(int count, RecordKind kind) {
        List<TrackedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count && running; i++) {
            records.add(send(kind, null, null, true));
        }
        return records;
    }

    /**
     * Sends one valid image, without a label, to {@code partition} of {@code digits.images}.
     *
     * @param id the id to use, or null for a new one
     */
    public TrackedRecord sendOne(String id, int partition, RecordKind kind) {
        return send(kind, id, partition, false);
    }

    /** A new unique id for a record of this kind, e.g. {@code fh1a2b3c4d-f-00000007}. */
    public String newId(RecordKind kind) {
        return String.format(Locale.ROOT, "%s-%s-%08d", runId, kind.idTag(), sequence.getAndIncrement());
    }

    /** The next MNIST test image (raw, 28x28, with its label), for records that need a real digit. */
    public SourceImage sampleImage() {
        return nextImage();
    }

    public void flush() {
        producer.flush();
    }

    /** Stops the paced sending (bursts in progress stop too) and waits for the pacer thread. */
    public void stop() throws InterruptedException {
        running = false;
        pacer.join(Duration.ofSeconds(15).toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producer.close(Duration.ofSeconds(15));
    }

    private void paceUntilStopped() {
        TokenBucket bucket = new TokenBucket(NanoClock.SYSTEM, rate, BURST_SECONDS);
        try {
            while (running) {
                double target = rate;
                if (target != bucket.rate()) {
                    bucket.setRate(target);
                }
                long wait = bucket.nanosUntilAvailable();
                if (wait > 0) {
                    NanoClock.SYSTEM.sleepNanos(Math.min(wait, MAX_SLEEP_NANOS));
                } else if (bucket.tryAcquire()) {
                    send(RecordKind.LOAD, null, null, true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TrackedRecord send(RecordKind kind, String givenId, Integer partition, boolean withLabel) {
        SourceImage image = nextImage();
        String id = givenId == null ? newId(kind) : givenId;
        Instant now = Instant.now();
        byte[] value = images.serialize(Topics.IMAGES, new DigitImage(id, null, now, image.encoding(), image.width(),
                image.height(), image.data()));
        TrackedRecord record = ledger.register(Topics.IMAGES, id, kind);
        try {
            producer.send(new ProducerRecord<>(Topics.IMAGES, partition, id, value), (metadata, error) -> {
                if (error == null) {
                    ledger.acked(record);
                } else {
                    ledger.failed(record, error);
                    reportFailure(id, error);
                }
            });
            if (withLabel) {
                producer.send(new ProducerRecord<>(Topics.LABELS, id,
                        labels.serialize(Topics.LABELS, new DigitLabel(id, image.label(), now))));
            }
            sent.incrementAndGet();
        } catch (KafkaException e) {
            // Refused before it left (no metadata within max.block.ms while the broker was down): not sent.
            ledger.failed(record, e);
            reportFailure(id, e);
        }
        return record;
    }

    // The MNIST source cycles through the test set and is not thread-safe; the pacer and a burst may share it.
    private synchronized SourceImage nextImage() {
        return source.next();
    }

    private void reportFailure(String id, Exception error) {
        long count = failures.incrementAndGet();
        if (count <= FAILURES_PRINTED) {
            progress.accept("could not publish image " + id + ": " + error);
        } else if (count == FAILURES_PRINTED + 1) {
            progress.accept("more images could not be published; the report counts them");
        }
    }
}
