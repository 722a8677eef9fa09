package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.digitstream.kafka.embedded.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamThreadReplacer} on a real Kafka Streams client with exactly-once: a stream thread that dies of an
 * exception no processor handled (here a {@link StreamsException}, which our processors rethrow) is replaced, the
 * client keeps running, and the record is processed again from the last commit by the new thread.
 */
class StreamThreadReplacementTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.builder().build();

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path stateDir;

    @Test
    void aThreadThatDiesIsReplacedAndTheClientCarriesOn() throws Exception {
        KAFKA.broker().createTopics("replacement-in", "replacement-out");
        AtomicBoolean failedOnce = new AtomicBoolean();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("replacement-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(value -> {
                    if (value.equals("fails once") && failedOnce.compareAndSet(false, true)) {
                        throw new StreamsException("the infrastructure failed this time");
                    }
                    return value;
                })
                .to("replacement-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stream-thread-replacement-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(new StreamThreadReplacer(5, Duration.ofMinutes(10),
                new TopologyFailureMeters(registry), System::nanoTime));
        streams.start();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "replacement-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                        new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>("replacement-in", "k", "fails once")).get();
            producer.send(new ProducerRecord<>("replacement-in", "k", "after")).get();
            consumer.subscribe(List.of("replacement-out"));
            List<String> out = new ArrayList<>();
            Instant deadline = Instant.now().plus(DEADLINE);
            while (out.size() < 2 && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofSeconds(1)).forEach(record -> out.add(record.value()));
            }

            assertEquals(List.of("fails once", "after"), out, "processed once each, by the replacement thread");
            assertEquals(KafkaStreams.State.RUNNING, streams.state());
            assertEquals(1.0, registry.counter("digitstream.metrics.stream.threads.replaced").count());
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
