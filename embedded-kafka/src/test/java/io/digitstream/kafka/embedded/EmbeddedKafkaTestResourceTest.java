package io.digitstream.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Drives the resource through the same lifecycle calls Quarkus makes: init, start, inject, stop. */
class EmbeddedKafkaTestResourceTest {

    /** Stands in for a @QuarkusTest instance. */
    static final class SampleTest {
        @InjectEmbeddedKafka
        EmbeddedKafkaBroker broker;
        EmbeddedKafkaBroker notAnnotated;
    }

    @Test
    void pointsTheApplicationAtARunningBrokerWithTheRequestedTopics() throws Exception {
        EmbeddedKafkaTestResource resource = new EmbeddedKafkaTestResource();
        resource.init(Map.of(EmbeddedKafkaTestResource.PARTITIONS_ARG, "2",
                EmbeddedKafkaTestResource.TOPICS_ARG, "orders, payments"));
        Map<String, String> config = resource.start();
        String bootstrapServers = config.get("kafka.bootstrap.servers");
        int port;
        try {
            assertNotNull(bootstrapServers);
            assertEquals(bootstrapServers, config.get("quarkus.kafka-streams.bootstrap-servers"));
            assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                Map<String, TopicDescription> topics =
                        admin.describeTopics(List.of("orders", "payments")).allTopicNames().get();
                assertEquals(2, topics.get("orders").partitions().size());
                assertEquals(2, topics.get("payments").partitions().size());
            }

            SampleTest test = new SampleTest();
            resource.inject(injectorFor(test));
            assertEquals(bootstrapServers, test.broker.bootstrapServers());
            assertNull(test.notAnnotated);
            port = test.broker.port();
        } finally {
            resource.stop();
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, probe.getLocalPort());
        }
    }

    @Test
    void rejectsANonNumericPartitionCount() {
        EmbeddedKafkaTestResource resource = new EmbeddedKafkaTestResource();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> resource.init(Map.of(EmbeddedKafkaTestResource.PARTITIONS_ARG, "four")));
        assertEquals("init arg partitions must be a number, got 'four'", error.getMessage());
    }

    /** Does what Quarkus's package-private DefaultTestInjector does: set each matching field of the test. */
    private static TestInjector injectorFor(Object testInstance) {
        return (Object value, Predicate<Field> matches) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
