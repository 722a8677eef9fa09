package io.digitstream.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code /q/health/live}: down while the image consumer is stalled (see {@link ConsumerProgress}). */
@Liveness
@ApplicationScoped
public class ConsumerProgressCheck implements HealthCheck {

    private final ConsumerProgress progress;

    public ConsumerProgressCheck(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        return progress.health();
    }
}
