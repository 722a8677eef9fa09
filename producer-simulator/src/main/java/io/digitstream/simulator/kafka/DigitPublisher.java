package io.digitstream.simulator.kafka;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.report.RunResults;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes images to {@link Topics#IMAGES} and, after an optional delay, labels to {@link Topics#LABELS} (form fields
 * to {@link Topics#FIELDS} and their true strings to {@link Topics#FIELD_LABELS}), each keyed by image id. One idempotent producer with acks=all serves both topics; failed sends are reported, never dropped
 * silently.
 */
public final class DigitPublisher implements AutoCloseable {

    /** Enough failures to see the pattern without flooding the console. */
    private static final int FAILURES_PRINTED = 5;

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<DigitImage> imageSerializer = new DigitImageSerde.Serializer();
    private final Serializer<DigitLabel> labelSerializer = new DigitLabelSerde.Serializer();
    private final Serializer<FieldImage> fieldSerializer = new FieldImageSerde.Serializer();
    private final Serializer<FieldLabel> fieldLabelSerializer = new FieldLabelSerde.Serializer();
    private final ScheduledExecutorService labelTimer = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "label-publisher"));
    private final RunResults results;
    private final Duration labelDelay;
    private final PrintStream errors;
    private final AtomicLong failures = new AtomicLong();

    public DigitPublisher(Map<String, Object> kafkaConfig, RunResults results, Duration labelDelay, PrintStream errors) {
        this(kafkaConfig, results, labelDelay, errors, false);
    }

    /** @param fields the run sends form fields: their topics' metadata is fetched (and checked) up front instead */
    public DigitPublisher(Map<String, Object> kafkaConfig, RunResults results, Duration labelDelay, PrintStream errors,
            boolean fields) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "digit-stream-simulator");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        try {
            // Fetch the topics' metadata now, so the first paced send does not stall on it (and a missing topic
            // fails here, before the run starts).
            producer.partitionsFor(fields ? Topics.FIELDS : Topics.IMAGES);
            producer.partitionsFor(fields ? Topics.FIELD_LABELS : Topics.LABELS);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.results = results;
        this.labelDelay = labelDelay;
        this.errors = errors;
    }

    /**
     * Sends the image; the caller has registered it with {@link RunResults#beforeSend} already.
     *
     * @throws KafkaException when the producer refuses the record outright (e.g. no metadata within the timeout);
     *                        the image is recorded as a failed send first
     */
    public void publishImage(DigitImage image) {
        byte[] value = imageSerializer.serialize(Topics.IMAGES, image);
        try {
            producer.send(new ProducerRecord<>(Topics.IMAGES, image.id(), value), (metadata, error) -> {
                if (error != null) {
                    results.sendFailed(image.id());
                    reportFailure("image " + image.id(), error);
                }
            });
        } catch (KafkaException e) {
            results.sendFailed(image.id());
            throw e;
        }
    }

    /** Sends a form field; the caller has registered it with {@link RunResults#beforeSendField} already. */
    public void publishField(FieldImage field) {
        byte[] value = fieldSerializer.serialize(Topics.FIELDS, field);
        try {
            producer.send(new ProducerRecord<>(Topics.FIELDS, field.id(), value), (metadata, error) -> {
                if (error != null) {
                    results.sendFailed(field.id());
                    reportFailure("field " + field.id(), error);
                }
            });
        } catch (KafkaException e) {
            results.sendFailed(field.id());
            throw e;
        }
    }

    /** Sends a field's true string to digits.field-labels now, or after the configured delay. */
    public void publishFieldLabel(String id, String truth) {
        Runnable send = () -> {
            byte[] value = fieldLabelSerializer.serialize(Topics.FIELD_LABELS, new FieldLabel(id, truth, Instant.now()));
            producer.send(new ProducerRecord<>(Topics.FIELD_LABELS, id, value), (metadata, error) -> {
                if (error == null) {
                    results.labelPublished();
                } else {
                    reportFailure("field label " + id, error);
                }
            });
        };
        if (labelDelay.isZero()) {
            send.run();
        } else {
            labelTimer.schedule(send, labelDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Sends the label for an image now, or after the configured delay. */
    public void publishLabel(String id, int label) {
        if (labelDelay.isZero()) {
            sendLabel(id, label);
        } else {
            labelTimer.schedule(() -> sendLabel(id, label), labelDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    public void flush() {
        producer.flush();
    }

    /** Waits for labels still waiting out their delay, then flushes and closes the producer. */
    @Override
    public void close() throws InterruptedException {
        labelTimer.shutdown();
        try {
            if (!labelTimer.awaitTermination(labelDelay.toMillis() + Duration.ofSeconds(30).toMillis(),
                    TimeUnit.MILLISECONDS)) {
                errors.println("warning: some delayed labels were not published before shutdown");
            }
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }

    private void sendLabel(String id, int label) {
        DigitLabel event = new DigitLabel(id, label, Instant.now());
        byte[] value = labelSerializer.serialize(Topics.LABELS, event);
        producer.send(new ProducerRecord<>(Topics.LABELS, id, value), (metadata, error) -> {
            if (error == null) {
                results.labelPublished();
            } else {
                reportFailure("label " + id, error);
            }
        });
    }

    private void reportFailure(String what, Exception error) {
        long count = failures.incrementAndGet();
        if (count <= FAILURES_PRINTED) {
            errors.println("error: could not publish " + what + ": " + error);
        } else if (count == FAILURES_PRINTED + 1) {
            errors.println("error: more publish failures; see the report for the count");
        }
    }
}
