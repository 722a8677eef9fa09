package io.digitstream.inference;

import io.digitstream.inference.kafka.PipelineObserver;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ReviewReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus meters of the service (served at /q/metrics): per-model inference latency histograms, batch sizes,
 * images predicted, DLQ and review counts by reason. Consumer lag comes from the Kafka client metrics binder.
 */
@ApplicationScoped
public class ServiceMetrics implements InferenceObserver, PipelineObserver {

    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;
    private final Counter predicted;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("digitstream.batch.size")
                .description("Records per consumed digits.images batch")
                .publishPercentileHistogram()
                .register(registry);
        this.predicted = Counter.builder("digitstream.images.predicted")
                .description("Images that received a prediction")
                .register(registry);
    }

    @Override
    public void modelBatch(String model, int batchSize, long nanos) {
        Timer.builder("digitstream.inference.latency")
                .description("One batched ONNX Runtime call per model")
                .tag("model", model)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchConsumed(int records) {
        batchSizes.record(records);
    }

    @Override
    public void predicted(int images) {
        predicted.increment(images);
    }

    @Override
    public void rejected(DlqReason reason) {
        registry.counter("digitstream.dlq.records", "reason", reason.code()).increment();
    }

    @Override
    public void flaggedForReview(ReviewReason reason) {
        registry.counter("digitstream.review.records", "reason", reason.wireName()).increment();
    }
}
