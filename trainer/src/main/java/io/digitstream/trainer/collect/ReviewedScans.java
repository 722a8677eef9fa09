package io.digitstream.trainer.collect;

import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.ImageReference;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewAnswerSerde;
import io.digitstream.trainer.Sha256;
import io.digitstream.trainer.data.DigitSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the reviewers' answers ({@code digits.review-answers}) from the beginning to the end they had when reading
 * began, keeps the latest answer per scan (the topic is compacted the same way), and turns every digit answer into
 * model input with the service's own recipe ({@link DigitImagePreprocessor}); a form field's answer labels each of
 * the digits its reading cut (same boxes, same recipe). A scan the answer only references is
 * fetched from its original record and checked against the recorded SHA-256. Answers that a scan shows no digit, and
 * scans that cannot be read, are counted and left out: nothing is guessed.
 */
public final class ReviewedScans {

    /** What was read: the labelled scans, and what was left out and why. */
    public record Collected(List<LabelledScan> scans, int answers, int notADigit, int unreadable) {

        /** The scans not held back, as a training set. */
        public DigitSet training(int holdoutPercent) {
            return toSet(scans.stream().filter(scan -> !scan.heldBack(holdoutPercent)).toList());
        }

        /** The scans held back for evaluation. */
        public DigitSet heldBack(int holdoutPercent) {
            return toSet(scans.stream().filter(scan -> scan.heldBack(holdoutPercent)).toList());
        }

        private static DigitSet toSet(List<LabelledScan> chosen) {
            float[] pixels = new float[chosen.size() * io.digitstream.schemas.ModelContract.PIXELS];
            int[] labels = new int[chosen.size()];
            for (int i = 0; i < chosen.size(); i++) {
                System.arraycopy(chosen.get(i).pixels(), 0, pixels, i * io.digitstream.schemas.ModelContract.PIXELS,
                        io.digitstream.schemas.ModelContract.PIXELS);
                labels[i] = chosen.get(i).digit();
            }
            return new DigitSet(pixels, labels);
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);

    private final Properties kafka;
    private final DigitImagePreprocessor preprocessor;
    private final Duration timeout;
    private final Consumer<String> log;

    /** @param kafka consumer settings: at least bootstrap.servers, plus a secured cluster's client settings */
    public ReviewedScans(Properties kafka, DigitImagePreprocessor preprocessor, Duration timeout, Consumer<String> log) {
        this.kafka = kafka;
        this.preprocessor = preprocessor;
        this.timeout = timeout;
        this.log = log;
    }

    /** @throws IllegalStateException when the topic does not exist or cannot be read to its end within the timeout */
    public Collected read(String topic) {
        Map<String, ReviewAnswer> latest = new LinkedHashMap<>();
        int[] invalid = {0};
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (or this principal may not describe it)");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            ReviewAnswerSerde.Deserializer answers = new ReviewAnswerSerde.Deserializer();
            Instant deadline = Instant.now().plus(timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        ReviewAnswer answer = answers.deserialize(topic, record.value());
                        latest.put(answer.id(), answer);
                    } catch (RuntimeException e) {
                        invalid[0]++;
                    }
                }
            }
        }
        List<LabelledScan> scans = new ArrayList<>();
        int notADigit = 0;
        int unreadable = invalid[0];
        int fields = 0;
        int fieldsUnaligned = 0;
        for (ReviewAnswer answer : latest.values()) {
            if (answer.notADigit()) {
                notADigit++;
                continue;
            }
            if (answer.item().isField()) {
                // A field's digits are cut where its reading's boxes say and labelled in order; a value of another
                // length than the boxes cannot be lined up with them and is left out.
                List<DigitBox> boxes = answer.item().field().digits().stream().map(FieldDigit::box).toList();
                if (answer.value().length() != boxes.size()) {
                    fieldsUnaligned++;
                    continue;
                }
                try {
                    List<float[]> digits = preprocessor.digitsAt(fieldImage(answer), boxes);
                    for (int i = 0; i < digits.size(); i++) {
                        scans.add(new LabelledScan(answer.id() + "#" + i, answer.value().charAt(i) - '0', digits.get(i)));
                    }
                    fields++;
                } catch (RuntimeException e) {
                    unreadable++;
                    log.accept("reviewed field " + answer.id() + " left out: " + e.getMessage());
                }
                continue;
            }
            try {
                scans.add(new LabelledScan(answer.id(), answer.digit(), preprocessor.pixels(image(answer))));
            } catch (RuntimeException e) {
                unreadable++;
                log.accept("reviewed scan " + answer.id() + " left out: " + e.getMessage());
            }
        }
        log.accept(String.format("%s: %d answers (latest per scan), %d labelled scans, %d 'not a digit', %d unreadable"
                + "%s", topic, latest.size(), scans.size(), notADigit, unreadable,
                fields + fieldsUnaligned == 0 ? "" : ", " + fields + " form fields cut into their digits"
                        + (fieldsUnaligned == 0 ? "" : ", " + fieldsUnaligned + " fields whose answer has another length"
                                + " than the digits cut (left out)")));
        return new Collected(List.copyOf(scans), latest.size(), notADigit, unreadable);
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }

    private DigitImage image(ReviewAnswer answer) {
        if (answer.item().image() != null) {
            return answer.item().image();
        }
        DigitImage image = new DigitImageSerde.Deserializer().deserialize(answer.item().imageRef().topic(),
                fetch(answer.item().imageRef()));
        if (!image.id().equals(answer.id())) {
            throw new IllegalStateException("the referenced record holds image " + image.id());
        }
        return image;
    }

    private FieldImage fieldImage(ReviewAnswer answer) {
        if (answer.item().fieldImage() != null) {
            return answer.item().fieldImage();
        }
        FieldImage field = new FieldImageSerde.Deserializer().deserialize(answer.item().imageRef().topic(),
                fetch(answer.item().imageRef()));
        if (!field.id().equals(answer.id())) {
            throw new IllegalStateException("the referenced record holds field " + field.id());
        }
        return field;
    }

    /** The referenced original record's value, checked against its recorded size and SHA-256. */
    private byte[] fetch(ImageReference ref) {
        TopicPartition partition = new TopicPartition(ref.topic(), ref.partition());
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, ref.offset());
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() == ref.offset()) {
                        byte[] value = record.value();
                        if (value == null || value.length != ref.sizeBytes() || !Sha256.of(value).equals(ref.sha256())) {
                            throw new IllegalStateException("the record at " + ref.topic() + "-" + ref.partition() + "@"
                                    + ref.offset() + " is not the referenced scan (size or SHA-256 differ)");
                        }
                        return value;
                    }
                    if (record.offset() > ref.offset()) {
                        break;
                    }
                }
                if (consumer.position(partition) > ref.offset()) {
                    break;
                }
            }
        }
        throw new IllegalStateException("the referenced scan at " + ref.topic() + "-" + ref.partition() + "@"
                + ref.offset() + " is gone (deleted by retention?)");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024 + 65536);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
