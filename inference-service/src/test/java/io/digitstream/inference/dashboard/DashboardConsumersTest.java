package io.digitstream.inference.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The four dashboard channels take their common settings from one named Kafka configuration
 * ({@link DashboardConsumers}): each consumer the connector built has them all, its own topic's group, and the other
 * consumers of the service are left as they were.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class DashboardConsumersTest {

    private static final List<String> DASHBOARD_CHANNELS =
            List.of("dashboard-images", "dashboard-predictions", "dashboard-labels", "dashboard-review");

    @Inject
    KafkaClientService clients;

    @ConfigProperty(name = "digitstream.group-id")
    String groupId;

    @Test
    void everyDashboardConsumerReadsCommittedRawRecordsFromTheNewestInLargeFetches() {
        for (String channel : DASHBOARD_CHANNELS) {
            Map<String, ?> config = clients.getConsumer(channel).configuration();
            assertEquals("latest", config.get("auto.offset.reset"), channel);
            assertEquals("read_committed", config.get("isolation.level"), channel);
            assertEquals("false", config.get("enable.auto.commit"), channel);
            assertEquals("org.apache.kafka.common.serialization.StringDeserializer", config.get("key.deserializer"),
                    channel);
            assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    config.get("value.deserializer"), channel);
            assertEquals("262144", config.get("fetch.min.bytes"), channel);
            assertEquals("500", config.get("fetch.max.wait.ms"), channel);
            String group = String.valueOf(config.get("group.id"));
            assertTrue(group.startsWith(groupId + "-" + channel + "-"), channel + " group " + group);
        }
    }

    @Test
    void theOtherConsumersKeepTheirOwnSettings() {
        Map<String, ?> images = clients.getConsumer("images").configuration();
        assertEquals("earliest", images.get("auto.offset.reset"));
        assertEquals(groupId, images.get("group.id"));
        assertNull(images.get("fetch.min.bytes"));
        Map<String, ?> liveMetrics = clients.getConsumer("live-metrics").configuration();
        assertEquals("io.digitstream.schemas.ModelMetricsSerde$Deserializer", liveMetrics.get("value.deserializer"));
        assertNull(liveMetrics.get("fetch.min.bytes"));
    }
}
