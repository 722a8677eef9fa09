package io.digitstream.inference.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Static group membership for the image consumer, only when the operator names the instance: a configured
 * {@code digitstream.instance-id} survives restarts, so the restarted process takes its partitions back at once.
 * A random id would only leave ghost members behind, so without one the consumer joins dynamically.
 */
@ApplicationScoped
public class InstanceIdentity {

    @Produces
    @Identifier("images-consumer-identity")
    Map<String, Object> imagesConsumerIdentity(
            @ConfigProperty(name = "digitstream.instance-id") Optional<String> instanceId) {
        return instanceId.filter(id -> !id.isBlank())
                .<Map<String, Object>>map(id -> Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "inference-service-" + id))
                .orElse(Map.of());
    }
}
