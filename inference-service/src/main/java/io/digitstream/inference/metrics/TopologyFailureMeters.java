package io.digitstream.inference.metrics;

import io.digitstream.schemas.DlqReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus counters (at /q/metrics) for what the metrics topology refused: dead letters by reason. Named apart from
 * the image consumer's {@code digitstream.dlq.records}, so the two pipelines' refusals can be told apart.
 */
@ApplicationScoped
public class TopologyFailureMeters {

    private final MeterRegistry registry;

    public TopologyFailureMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void deadLettered(DlqReason reason) {
        Counter.builder("digitstream.metrics.dlq.records")
                .description("Records the live-metrics topology sent to digits.dlq")
                .tag("reason", reason.code())
                .register(registry)
                .increment();
    }
}
