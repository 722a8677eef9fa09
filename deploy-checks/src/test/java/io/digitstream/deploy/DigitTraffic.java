package io.digitstream.deploy;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Steady traffic for the service, on a background thread until closed: MNIST test digits with their labels, a blank
 * page now and then (low confidence, so review items), a record that is not JSON (so DLQ records), and form fields: two
 * digits side by side with their true string (so live field metrics), and a blank field (no digits, so a field's
 * review reason). Every panel of the dashboards then
 * has something to show.
 */
final class DigitTraffic implements AutoCloseable {

    private static final int IMAGES_PER_TICK = 10;
    private static final Duration TICK = Duration.ofMillis(200);
    private static final int SIDE = 28;

    private final KafkaProducer<String, byte[]> producer;
    private final MnistSplit digits;
    private final Thread sender;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final DigitImageSerde.Serializer images = new DigitImageSerde.Serializer();
    private final DigitLabelSerde.Serializer labels = new DigitLabelSerde.Serializer();
    private final FieldImageSerde.Serializer fields = new FieldImageSerde.Serializer();
    private final FieldLabelSerde.Serializer fieldLabels = new FieldLabelSerde.Serializer();
    private volatile boolean running = true;
    private long sent;

    private DigitTraffic(String bootstrapServers, MnistSplit digits) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "deploy-checks-traffic"),
                new StringSerializer(), new ByteArraySerializer());
        this.digits = digits;
        this.sender = new Thread(this::sendUntilClosed, "deploy-checks-traffic");
        this.sender.setDaemon(true);
    }

    static DigitTraffic start(String bootstrapServers, MnistSplit digits) {
        DigitTraffic traffic = new DigitTraffic(bootstrapServers, digits);
        traffic.sender.start();
        return traffic;
    }

    /** The first failure of the sending thread, if any (e.g. the broker went away). */
    Exception failure() {
        return failure.get();
    }

    long sent() {
        return sent;
    }

    private void sendUntilClosed() {
        try {
            while (running) {
                for (int i = 0; i < IMAGES_PER_TICK; i++) {
                    int index = (int) (sent % digits.size());
                    String id = "digit-" + sent;
                    sendImage(id, digits.images().image(index));
                    sendLabel(id, digits.labels().label(index));
                    sent++;
                }
                // A blank page has no true digit: no label for it.
                sendImage("blank-" + sent, new byte[SIDE * SIDE]);
                producer.send(new ProducerRecord<>(Topics.IMAGES, "not-json-" + sent,
                        "this is not an image event".getBytes(StandardCharsets.UTF_8)));
                sendField("field-" + sent, (int) (sent % digits.size()), (int) ((sent + 1) % digits.size()));
                sendField("blank-field-" + sent, -1, -1);
                producer.flush();
                Thread.sleep(TICK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    private void sendImage(String id, byte[] pixels) {
        DigitImage image = new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, SIDE, SIDE, pixels);
        producer.send(new ProducerRecord<>(Topics.IMAGES, id, images.serialize(Topics.IMAGES, image)));
    }

    /** Two test digits side by side as a raw 56x28 field (ink high), or a blank one for indices -1. */
    private void sendField(String id, int left, int right) {
        byte[] pixels = new byte[2 * SIDE * SIDE];
        for (int half = 0; half < 2; half++) {
            int index = half == 0 ? left : right;
            if (index < 0) {
                continue;
            }
            byte[] digit = digits.images().image(index);
            for (int y = 0; y < SIDE; y++) {
                System.arraycopy(digit, y * SIDE, pixels, y * 2 * SIDE + half * SIDE, SIDE);
            }
        }
        FieldImage field = new FieldImage(id, null, Instant.now(), ImageEncoding.RAW, 2 * SIDE, SIDE, pixels,
                left < 0 ? null : LengthRange.exactly(2));
        producer.send(new ProducerRecord<>(Topics.FIELDS, id, fields.serialize(Topics.FIELDS, field)));
        if (left >= 0) {
            FieldLabel truth = new FieldLabel(id, "" + digits.labels().label(left) + digits.labels().label(right),
                    Instant.now());
            producer.send(new ProducerRecord<>(Topics.FIELD_LABELS, id, fieldLabels.serialize(Topics.FIELD_LABELS, truth)));
        }
    }

    private void sendLabel(String id, int label) {
        DigitLabel event = new DigitLabel(id, label, Instant.now());
        producer.send(new ProducerRecord<>(Topics.LABELS, id, labels.serialize(Topics.LABELS, event)));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(Duration.ofSeconds(30).toMillis());
        producer.close(Duration.ofSeconds(10));
    }
}
