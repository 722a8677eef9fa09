package io.digitstream.inference.role;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What this process does. One artifact, two roles chosen by configuration at start:
 * <ul>
 * <li>inference ({@code digitstream.inference.enabled}): the {@code digits.images} consumer, the models, the Kafka
 * transaction that writes predictions, review items and dead letters, {@code /api/predict} and {@code /api/models};</li>
 * <li>live metrics ({@code digitstream.live-metrics.enabled}): the Kafka Streams metrics topology, the live-metrics
 * gauges and the dashboard with its views ({@code /}, {@code /api/recent}, {@code /api/fields/recent}, {@code /api/review},
 * {@code /api/metrics/live}).</li>
 * </ul>
 * Both on (the default) is the single JVM of the one-command pipeline. The two roles talk only through topics, so
 * they can also run as two deployments sized apart: inference scaled on the lag of {@code digits.images}, live metrics
 * on the partitions of {@code digits.predictions}. application.properties switches the channels and health checks
 * that belong to each role from the same two keys.
 */
@ApplicationScoped
public class DeploymentRoles {

    private static final Logger LOG = Logger.getLogger(DeploymentRoles.class);

    private final boolean inference;
    private final boolean liveMetrics;

    @Inject
    public DeploymentRoles(@ConfigProperty(name = "digitstream.inference.enabled") boolean inference,
            @ConfigProperty(name = "digitstream.live-metrics.enabled") boolean liveMetrics) {
        if (!inference && !liveMetrics) {
            throw new IllegalArgumentException("digitstream.inference.enabled and digitstream.live-metrics.enabled are"
                    + " both false: this process would do nothing; enable at least one role");
        }
        this.inference = inference;
        this.liveMetrics = liveMetrics;
    }

    public boolean inference() {
        return inference;
    }

    public boolean liveMetrics() {
        return liveMetrics;
    }

    public String describe() {
        return inference && liveMetrics ? "inference + live metrics" : inference ? "inference only" : "live metrics only";
    }

    void announce(@Observes StartupEvent start) {
        LOG.infof("Roles of this process: %s (digitstream.inference.enabled=%s, digitstream.live-metrics.enabled=%s)",
                describe(), inference, liveMetrics);
    }
}
