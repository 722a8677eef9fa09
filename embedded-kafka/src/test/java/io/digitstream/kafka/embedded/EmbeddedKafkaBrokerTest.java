package io.digitstream.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaBrokerTest {
    private static final Duration POLL_BUDGET = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().defaultPartitions(2).build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void listensOnARandomLoopbackPort() {
        assertNotEquals(9092, broker.port());
        assertEquals("127.0.0.1:" + broker.port(), broker.bootstrapServers());
    }

    @Test
    void createsTopicsWithTheRequestedPartitionCount() throws Exception {
        broker.createTopics(5, List.of("five-partitions"));
        broker.createTopics("default-partitions");
        // Creating an existing topic again is not an error (a persistent data dir keeps its topics).
        broker.createTopics(5, List.of("five-partitions"));

        try (Admin admin = broker.createAdmin()) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of("five-partitions", "default-partitions")).allTopicNames().get();
            assertEquals(5, topics.get("five-partitions").partitions().size());
            assertEquals(2, topics.get("default-partitions").partitions().size());
        }
    }

    @Test
    void deliversAProducedRecordToAConsumer() throws Exception {
        String topic = "plain-" + UUID.randomUUID();
        broker.createTopics(topic);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, "key-1", "hello")).get();
        }

        List<ConsumerRecord<String, String>> records = consume(topic, "read_uncommitted", 1);
        assertEquals(1, records.size());
        assertEquals("key-1", records.get(0).key());
        assertEquals("hello", records.get(0).value());
    }

    @Test
    void committedTransactionsAreVisibleAndAbortedOnesAreNot() throws Exception {
        String topic = "transactions-" + UUID.randomUUID();
        broker.createTopics(topic);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        List<String> values = consume(topic, "read_committed", 2).stream().map(ConsumerRecord::value).toList();
        assertEquals(List.of("committed-1", "committed-2"), values);
    }

    @Test
    void closeReleasesThePortSoAnotherBrokerCanBindIt() throws IOException {
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().build().start();
        int port = first.port();
        Path dataDir = first.dataDir();
        first.close();
        first.close();

        assertFalse(Files.exists(dataDir), "the temporary data dir is deleted on close");
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(probe.isBound());
        }
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().port(port).build().start()) {
            assertEquals(port, second.port());
            second.createTopics("on-the-reused-port");
        }
    }

    @Test
    void explainsWhyItCouldNotStartWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedKafkaBroker blocked = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build();

            IllegalStateException error = assertThrows(IllegalStateException.class, blocked::start);

            assertTrue(error.getMessage().startsWith("Kafka did not start on 127.0.0.1:" + taken.getLocalPort()),
                    error.getMessage());
            assertTrue(error.getMessage().contains("Address already in use"), error.getMessage());
            assertFalse(Files.exists(blocked.dataDir()), "the temporary data dir is deleted after a failed start");
        }
    }

    @Test
    void aClosedBrokerCannotBeRestarted() {
        EmbeddedKafkaBroker closed = EmbeddedKafkaBroker.builder().build();
        closed.close();
        assertThrows(IllegalStateException.class, closed::start);
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, String isolation, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + POLL_BUDGET.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll: a record beyond the expected ones (e.g. an aborted one leaking through) must show up.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
