package io.digitstream.inference.metrics;

import io.digitstream.schemas.LatencySummary;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.WindowKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The latest published metrics per model and window, read back from {@code digits.metrics} (committed records only),
 * and exposed as Prometheus gauges tagged by {@code model} and {@code window}. Reading the topic rather than tapping
 * the topology means every instance shows every model, and nothing a rolled-back transaction produced.
 */
@ApplicationScoped
public class LiveMetricsBoard {

    private static final Logger LOG = Logger.getLogger(LiveMetricsBoard.class);
    private static final Map<String, Function<LatencySummary, Double>> LATENCY_STATS = Map.of(
            "p50", LatencySummary::p50, "p95", LatencySummary::p95, "p99", LatencySummary::p99, "max", LatencySummary::max);

    private final MeterRegistry registry;
    private final Map<String, LiveModelMetrics> latest = new ConcurrentHashMap<>();
    private final Set<String> gaugedSeries = ConcurrentHashMap.newKeySet();

    public LiveMetricsBoard(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming("live-metrics")
    public void update(ModelMetrics metrics) {
        if (metrics == null) {
            // The record stays on digits.metrics; only this view skips it.
            LOG.warn("Skipping a record on digits.metrics that is not a valid ModelMetrics event");
            return;
        }
        latest.merge(metrics.model(), LiveModelMetrics.NONE.with(metrics), (previous, ignored) -> previous.with(metrics));
        if (gaugedSeries.add(metrics.model() + "/" + metrics.window().wireName())) {
            registerGauges(metrics.model(), metrics.window());
        }
    }

    /** The latest metrics, by model name. */
    public SortedMap<String, LiveModelMetrics> snapshot() {
        return new TreeMap<>(latest);
    }

    private void registerGauges(String model, WindowKind window) {
        Tags tags = Tags.of("model", model, "window", window.wireName());
        gauge("digitstream.model.predicted", "Predictions in the window", tags, model, window, ModelMetrics::predictedCount);
        gauge("digitstream.model.labelled", "Labelled predictions in the window", tags, model, window,
                ModelMetrics::labelledCount);
        gauge("digitstream.model.accuracy", "Share of labelled predictions that were right", tags, model, window,
                m -> orNaN(m.accuracy()));
        gauge("digitstream.model.macro.precision", "Macro-averaged precision", tags, model, window,
                m -> orNaN(m.macroPrecision()));
        gauge("digitstream.model.macro.recall", "Macro-averaged recall", tags, model, window, m -> orNaN(m.macroRecall()));
        gauge("digitstream.model.macro.f1", "Macro-averaged F1", tags, model, window, m -> orNaN(m.macroF1()));
        gauge("digitstream.model.throughput", "Predictions per second", tags, model, window,
                ModelMetrics::throughputPerSecond);
        gauge("digitstream.model.confidence.mean", "Mean top-class confidence", tags, model, window,
                ModelMetrics::meanConfidence);
        gauge("digitstream.model.psi", "Population stability index of the predicted classes vs training", tags, model,
                window, m -> orNaN(m.populationStabilityIndex()));
        LATENCY_STATS.forEach((stat, value) -> {
            gauge("digitstream.model.inference.latency.ms", "Per-image inference latency", tags.and("stat", stat), model,
                    window, m -> value.apply(m.inferenceLatencyMs()));
            gauge("digitstream.model.end.to.end.latency.ms", "Capture to prediction latency", tags.and("stat", stat), model,
                    window, m -> value.apply(m.endToEndLatencyMs()));
        });
    }

    private void gauge(String name, String description, Tags tags, String model, WindowKind window,
            ToDoubleFunction<ModelMetrics> value) {
        Gauge.builder(name, () -> {
                    ModelMetrics metrics = latest.getOrDefault(model, LiveModelMetrics.NONE).of(window);
                    return metrics == null ? Double.NaN : value.applyAsDouble(metrics);
                })
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
