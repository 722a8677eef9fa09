package io.digitstream.inference.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Static group membership for the image consumer, only when the instance has a stable name: {@code
 * digitstream.instance-id}, else the {@code HOSTNAME} environment variable (containers and pods have one). The
 * restarted process then takes its partitions back at once. A random id would only leave ghost members behind (a
 * static member does not leave the group on shutdown), so without a name the consumer joins dynamically. The outputs'
 * {@code transactional.id} in application.properties falls back the same way.
 */
@ApplicationScoped
public class InstanceIdentity {

    @Produces
    @Identifier("images-consumer-identity")
    Map<String, Object> imagesConsumerIdentity(
            @ConfigProperty(name = "digitstream.instance-id") Optional<String> instanceId,
            @ConfigProperty(name = "HOSTNAME") Optional<String> hostname,
            @ConfigProperty(name = "digitstream.group-id") String groupId) {
        return instanceId.or(() -> hostname).filter(id -> !id.isBlank())
                .<Map<String, Object>>map(id -> Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupId + "-" + id))
                .orElse(Map.of());
    }
}
