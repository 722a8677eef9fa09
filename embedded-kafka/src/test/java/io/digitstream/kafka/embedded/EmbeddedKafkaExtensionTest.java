package io.digitstream.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaExtensionTest {

    @Nested
    class RegisteredWithOptions {
        @RegisterExtension
        static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.builder()
                .partitions(3)
                .topics("alpha", "beta")
                .build();

        @Test
        void createsTheChosenTopicsWithTheChosenPartitions(@BootstrapServers String bootstrapServers)
                throws Exception {
            assertEquals(kafka.bootstrapServers(), bootstrapServers);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                assertEquals(Set.of("alpha", "beta"), admin.listTopics().names().get());
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("alpha")).allTopicNames().get();
                assertEquals(3, topics.get("alpha").partitions().size());
            }
        }
    }

    @Nested
    @ExtendWith(EmbeddedKafkaExtension.class)
    class ExtendedWithDefaults {
        @Test
        void createsEveryDigitStreamTopic(EmbeddedKafkaBroker broker) throws Exception {
            try (Admin admin = broker.createAdmin()) {
                assertTrue(admin.listTopics().names().get().containsAll(DigitStreamTopics.ALL));
                Map<String, TopicDescription> topics = admin.describeTopics(DigitStreamTopics.ALL).allTopicNames().get();
                topics.values().forEach(topic -> assertEquals(1, topic.partitions().size(), topic.name()));
            }
        }
    }
}
