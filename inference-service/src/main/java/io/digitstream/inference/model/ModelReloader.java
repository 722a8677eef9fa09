package io.digitstream.inference.model;

import io.digitstream.inference.role.DeploymentRoles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks at the model store's pointer (or the single set's manifest) every {@code digitstream.models.reload-interval}
 * and reloads when it changed. Polling a small file works the same on a local disk, a Kubernetes volume (whose
 * updates file watches miss when the kubelet swaps a symlink) and a network file system.
 */
@ApplicationScoped
public class ModelReloader {

    private static final Logger LOG = Logger.getLogger(ModelReloader.class);

    private final Duration interval;
    private final DeploymentRoles roles;
    private final Instance<ModelRegistry> registry;
    private ScheduledExecutorService executor;

    public ModelReloader(@ConfigProperty(name = "digitstream.models.reload-interval") Duration interval,
            DeploymentRoles roles, Instance<ModelRegistry> registry) {
        this.interval = interval;
        this.roles = roles;
        this.registry = registry;
    }

    void start(@Observes StartupEvent start) {
        if (!roles.inference() || interval.isZero() || interval.isNegative()) {
            return;
        }
        ModelRegistry models = registry.get();
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-reloader");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                models.reloadIfChanged();
            } catch (RuntimeException e) {
                // reload() reports refusals itself; anything reaching here is a bug, and polling must go on.
                LOG.error("Model reload check failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Watching %s for model changes every %s", models.sourceDir(), interval);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
