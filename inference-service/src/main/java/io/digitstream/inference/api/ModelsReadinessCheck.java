package io.digitstream.inference.api;

import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxModel;
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

    private final ModelSet models;

    public ModelsReadinessCheck(ModelSet models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("onnx-models")
                .status(!models.models().isEmpty())
                .withData("runId", models.manifest().runId());
        for (OnnxModel model : models.models()) {
            response.withData(model.name(), model.version());
        }
        return response.build();
    }
}
