package io.digitstream.inference.dashboard;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the dashboard's four views' consumers ({@code dashboard-images}, {@code dashboard-predictions},
 * {@code dashboard-labels}, {@code dashboard-review}) have in common, as the named Kafka configuration
 * {@value #NAME} their channels point to with {@code kafka-configuration} in application.properties; each channel
 * sets only its topic and its consumer group there. An attribute set on a channel wins over this map.
 *
 * <p>Every instance reads every partition (own group per instance) from the newest record on, committed records only,
 * and never commits offsets. Records stay raw bytes until shown: the views see every event but show a few dozen, so
 * they decode (and validate) only those. A view refreshed every second or two needs no record the moment it is
 * written, so the consumers fetch at least {@code digitstream.dashboard.fetch-min-bytes} or wait up to
 * {@code digitstream.dashboard.fetch-max-wait-ms}: fewer, larger fetches cost the broker and the service less than
 * one small fetch per new record at full pipeline rate.
 */
@ApplicationScoped
public class DashboardConsumers {

    static final String NAME = "dashboard-consumer";

    @Produces
    @Identifier(NAME)
    Map<String, Object> shared(DashboardConfig config) {
        // Strings, as application.properties would give them: the connector reads every value as text.
        return Map.of(
                "auto.offset.reset", "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                "commit-strategy", "ignore",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                "fail-on-deserialization-failure", "false",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(config.fetchMinBytes()),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(config.fetchMaxWaitMs()));
    }
}
