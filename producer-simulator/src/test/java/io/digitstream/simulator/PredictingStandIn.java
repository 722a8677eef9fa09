package io.digitstream.simulator;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the inference service's part through the real broker, minimally and on purpose badly: the image with
 * sequence number n gets the {@link Answer} {@code answers(n)} — no prediction, one, two, or a dead letter. Model
 * "mlp" always says 3, model "cnn" always says 5, and the ensemble follows mlp, so the expected accuracies follow from
 * the labels.
 */
final class PredictingStandIn implements AutoCloseable {

    enum Answer { NONE, ONE, TWO, DEAD_LETTER }

    static final int MLP_DIGIT = 3;
    static final int CNN_DIGIT = 5;

    private final KafkaConsumer<String, DigitImage> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final DigitPredictionSerde.Serializer serializer = new DigitPredictionSerde.Serializer();
    private final LongFunction<Answer> answers;
    private final long nanosPerImage;
    private final Thread thread = new Thread(this::run, "predicting-stand-in");
    private volatile boolean running = true;

    /** Starts at the current end of the images topic, so it answers only images sent after this returns. */
    PredictingStandIn(String bootstrapServers, LongFunction<Answer> answers) {
        this(bootstrapServers, answers, Double.POSITIVE_INFINITY);
    }

    /** @param capacity at most this many images answered per second, like a service that saturates */
    PredictingStandIn(String bootstrapServers, LongFunction<Answer> answers, double capacity) {
        this.answers = answers;
        this.nanosPerImage = Double.isInfinite(capacity) ? 0 : (long) (1e9 / capacity);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "stand-in-" + System.nanoTime(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new DigitImageSerde.Deserializer());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new ByteArraySerializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.IMAGES).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions).forEach(consumer::seek);
        partitions.forEach(consumer::position);
        thread.start();
    }

    static long sequenceOf(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
        producer.close(Duration.ofSeconds(10));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, DigitImage> record : consumer.poll(Duration.ofMillis(50))) {
                    long started = System.nanoTime();
                    answer(record, answers.apply(sequenceOf(record.key())));
                    pace(started);
                }
                producer.flush();
            }
        } catch (WakeupException e) {
            // close() ends the blocking poll this way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
        }
    }

    private void pace(long started) throws InterruptedException {
        long left = nanosPerImage - (System.nanoTime() - started);
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private void answer(ConsumerRecord<String, DigitImage> record, Answer answer) {
        DigitImage image = record.value();
        byte[] prediction = serializer.serialize(Topics.PREDICTIONS, predictionFor(image));
        switch (answer) {
            case NONE -> { }
            case ONE -> producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.id(), prediction));
            case TWO -> {
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.id(), prediction));
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.id(), prediction));
            }
            case DEAD_LETTER -> {
                // Built as the service builds its dead letters: schemas' DeadLetter is the one writer of dlq.* headers.
                DeadLetter letter = DeadLetter.of(
                        new DeadLetter.Source(record.topic(), record.partition(), record.offset()), image.id(),
                        "original bytes".getBytes(StandardCharsets.UTF_8), null, DlqReason.CORRUPT_IMAGE,
                        "the stand-in refuses this one", DeadLetter.MIN_RECORD_BYTES);
                producer.send(new ProducerRecord<>(Topics.DLQ, null, letter.key(), letter.value(), letter.headers()));
            }
        }
    }

    private static DigitPrediction predictionFor(DigitImage image) {
        Instant now = Instant.now();
        return new DigitPrediction(image.id(),
                List.of(new ModelPrediction("mlp", "test", MLP_DIGIT, 0.9, peaked(MLP_DIGIT), 0.1),
                        new ModelPrediction("cnn", "test", CNN_DIGIT, 0.9, peaked(CNN_DIGIT), 0.1)),
                new EnsemblePrediction(MLP_DIGIT, 0.5, peaked(MLP_DIGIT)),
                false, image.capturedAt(), now, now);
    }

    private static List<Double> peaked(int digit) {
        List<Double> p = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        p.set(digit, 0.9);
        p.set((digit + 1) % 10, 0.1);
        return p;
    }
}
