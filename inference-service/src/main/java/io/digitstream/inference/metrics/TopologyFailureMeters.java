package io.digitstream.inference.metrics;

import io.digitstream.schemas.DlqReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus counters (at /q/metrics) for what the metrics topology refused or survived: dead letters by reason,
 * outputs skipped as too large, and stream threads replaced after an uncaught exception. Named apart from the image
 * consumer's {@code digitstream.dlq.records}, so the two pipelines' refusals can be told apart.
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

    void skippedTooLarge(String topic) {
        Counter.builder("digitstream.metrics.records.too.large")
                .description("Outputs of the live-metrics topology skipped because the producer refused their size")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    void streamThreadReplaced() {
        Counter.builder("digitstream.metrics.stream.threads.replaced")
                .description("Kafka Streams threads of the live-metrics topology replaced after an uncaught exception")
                .register(registry)
                .increment();
    }
}
