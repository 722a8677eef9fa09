package io.digitstream.inference.api;

import io.digitstream.inference.model.ModelRegistry;
import io.digitstream.inference.model.OnnxModel;
import io.digitstream.inference.model.ServingModels;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every manifest model has a live ONNX Runtime session. Kafka reachability is reported beside it by the
 * SmallRye Kafka connector's readiness check (every channel) and Kafka Streams' topics check; ReadinessFollowsKafkaTest
 * shows readiness going DOWN without the broker and UP again with it.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelRegistry models;

    public ModelsReadinessCheck(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        ServingModels serving = models.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("onnx-models")
                .status(!serving.champion().set().models().isEmpty())
                .withData("runId", serving.champion().set().version());
        for (OnnxModel model : serving.champion().set().models()) {
            response.withData(model.name(), model.version());
        }
        serving.challenger().ifPresent(challenger -> response.withData("challenger", challenger.set().version()));
        return response.build();
    }
}
