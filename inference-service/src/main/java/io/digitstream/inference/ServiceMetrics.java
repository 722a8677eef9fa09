package io.digitstream.inference;

import io.digitstream.inference.kafka.BatchOutputs;
import io.digitstream.inference.kafka.PipelineObserver;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelRegistry;
import io.digitstream.inference.model.ReloadOutcome;
import io.digitstream.inference.model.ServingModels;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ReviewReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus meters of the service (served at /q/metrics): per-model inference latency histograms, batch sizes,
 * images predicted, DLQ and review counts by reason, and the failure path (batches retried, records isolated,
 * transactions aborted). Consumer lag comes from the Kafka client metrics binder.
 */
@ApplicationScoped
public class ServiceMetrics implements InferenceObserver, PipelineObserver, ModelRegistry.Observer {

    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;
    private final Counter predicted;
    private final Counter fieldsRead;
    private final Counter retried;
    private final Counter isolated;
    private final Timer queued;
    private final Timer processing;
    private final Timer committing;
    private final MultiGauge serving;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("digitstream.batch.size")
                .description("Records per consumed digits.images batch")
                .publishPercentileHistogram()
                .register(registry);
        this.predicted = Counter.builder("digitstream.images.predicted")
                .description("Images that received a prediction")
                .register(registry);
        this.fieldsRead = Counter.builder("digitstream.fields.read")
                .description("Form fields that received a reading")
                .register(registry);
        this.retried = Counter.builder("digitstream.batches.retried")
                .description("Processing retries of digits.images batches that failed for a reason other than input")
                .register(registry);
        // Where an image's milliseconds go, batch by batch: waiting in Kafka, processing, the transaction.
        this.queued = batchTimer("digitstream.batch.queued",
                "Age of a consumed batch's oldest record: waiting in Kafka and for the poll");
        this.processing = batchTimer("digitstream.batch.processing",
                "Parsing, preprocessing, inference and serialising one batch, before its transaction");
        this.committing = batchTimer("digitstream.batch.commit",
                "Writing one batch's outputs and offsets in a Kafka transaction, up to its commit");
        this.serving = MultiGauge.builder("digitstream.models.serving")
                .description("1 for each model set serving now, tagged by role (champion, challenger) and version")
                .register(registry);
        this.isolated = Counter.builder("digitstream.records.isolated")
                .description("Records that failed to process on their own and went to the DLQ as processing-failed")
                .register(registry);
    }

    private Timer batchTimer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    @Override
    public void modelBatch(String model, ModelRole role, int batchSize, long nanos) {
        Timer.builder("digitstream.inference.latency")
                .description("One batched ONNX Runtime call per model")
                .tag("model", model)
                .tag("role", role.wireName())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void challengerCompared(String challenger, int agreed, int total) {
        Counter.builder("digitstream.challenger.compared")
                .description("Images the challenger answered beside the champion")
                .tag("version", challenger)
                .register(registry).increment(total);
        Counter.builder("digitstream.challenger.agreed")
                .description("Images on which the challenger's ensemble digit was the champion's")
                .tag("version", challenger)
                .register(registry).increment(agreed);
    }

    @Override
    public void challengerFailed(String version) {
        Counter.builder("digitstream.challenger.failures")
                .description("Batches whose challenger answers were left out because the challenger failed")
                .tag("version", version)
                .register(registry).increment();
    }

    @Override
    public void reloaded(ReloadOutcome outcome) {
        Counter.builder("digitstream.models.reloads")
                .description("Model reload attempts by outcome (swapped, unchanged, refused) and trigger")
                .tag("outcome", outcome.result().name().toLowerCase(java.util.Locale.ROOT))
                .tag("trigger", outcome.trigger())
                .register(registry).increment();
    }

    @Override
    public void serving(ServingModels models) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(2);
        rows.add(MultiGauge.Row.of(Tags.of("role", ModelRole.CHAMPION.wireName(), "version",
                models.champion().set().version()), 1));
        models.challenger().ifPresent(challenger -> rows.add(MultiGauge.Row.of(Tags.of("role",
                ModelRole.CHALLENGER.wireName(), "version", challenger.set().version()), 1)));
        serving.register(rows, true);
    }

    @Override
    public void batchConsumed(int records, long oldestAgeMillis) {
        batchSizes.record(records);
        queued.record(oldestAgeMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void batchProcessed(long nanos) {
        processing.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchCommitted(long nanos) {
        committing.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchWritten(BatchOutputs outputs) {
        predicted.increment(outputs.predicted());
        fieldsRead.increment(outputs.fieldsRead());
        for (DlqReason reason : outputs.rejected()) {
            registry.counter("digitstream.dlq.records", "reason", reason.code()).increment();
        }
        for (ReviewReason reason : outputs.flagged()) {
            registry.counter("digitstream.review.records", "reason", reason.wireName()).increment();
        }
    }

    @Override
    public void batchRetried() {
        retried.increment();
    }

    @Override
    public void recordIsolated() {
        isolated.increment();
    }

    @Override
    public void transactionAborted(Throwable cause) {
        registry.counter("digitstream.transactions.aborted", "exception", rootCause(cause).getClass().getSimpleName())
                .increment();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
