package io.digitstream.inference.metrics;

import io.digitstream.schemas.FieldMetrics;
import io.digitstream.schemas.LatencySummary;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.WindowKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The latest published metrics per model series and window, read back from {@code digits.metrics} (committed records
 * only), and exposed as Prometheus gauges tagged by {@code model}, {@code role} (champion, challenger), {@code version}
 * and {@code window}. Reading the topic rather than tapping the topology means every instance shows every model, and
 * nothing a rolled-back transaction produced. When a model's series moves to a new version (a reload), the old
 * version's entry and gauges go, so a dashboard never shows a set that no longer serves as if it did.
 */
@ApplicationScoped
public class LiveMetricsBoard {

    private static final Logger LOG = Logger.getLogger(LiveMetricsBoard.class);
    private static final Map<String, Function<LatencySummary, Double>> LATENCY_STATS = Map.of(
            "p50", LatencySummary::p50, "p95", LatencySummary::p95, "p99", LatencySummary::p99, "max", LatencySummary::max);

    private final MeterRegistry registry;
    /** Display name (model, or challenger:model) to the version shown and its latest metrics. */
    private final Map<String, Shown> latest = new ConcurrentHashMap<>();
    /** Gauges by display name, removed when the version shown changes. */
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    private record Shown(String version, LiveModelMetrics metrics) {
    }

    public LiveMetricsBoard(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming("live-metrics")
    public synchronized void update(ModelMetrics metrics) {
        if (metrics == null) {
            // The record stays on digits.metrics; only this view skips it.
            LOG.warn("Skipping a record on digits.metrics that is not a valid ModelMetrics event");
            return;
        }
        // Events written before roles existed count as the champion's.
        ModelRole role = metrics.role() == null ? ModelRole.CHAMPION : metrics.role();
        String version = metrics.version() == null ? "unknown" : metrics.version();
        String name = new MetricSeries(role, metrics.model(), version).displayName();
        Shown shown = latest.get(name);
        if (shown != null && !shown.version().equals(version)) {
            gauges.getOrDefault(name, List.of()).forEach(registry::remove);
            gauges.remove(name);
            shown = null;
        }
        LiveModelMetrics previous = shown == null ? LiveModelMetrics.NONE : shown.metrics();
        latest.put(name, new Shown(version, previous.with(metrics)));
        if (!gauges.containsKey(name)) {
            gauges.put(name, new ArrayList<>());
        }
        List<Meter> registered = gauges.get(name);
        String windowTag = metrics.window().wireName();
        if (registered.stream().noneMatch(meter -> windowTag.equals(meter.getId().getTag("window")))) {
            registered.addAll(registerGauges(name, metrics.model(), role, version, metrics.window()));
        }
    }

    /** The latest metrics, by model name (challengers as challenger:model). */
    public SortedMap<String, LiveModelMetrics> snapshot() {
        SortedMap<String, LiveModelMetrics> snapshot = new TreeMap<>();
        latest.forEach((name, shown) -> snapshot.put(name, shown.metrics()));
        return snapshot;
    }

    private List<Meter> registerGauges(String name, String model, ModelRole role, String version, WindowKind window) {
        Tags tags = Tags.of("model", model, "role", role.wireName(), "version", version, "window", window.wireName());
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("digitstream.model.predicted", "Predictions in the window", tags, name, window,
                ModelMetrics::predictedCount));
        meters.add(gauge("digitstream.model.labelled", "Labelled predictions in the window", tags, name, window,
                ModelMetrics::labelledCount));
        meters.add(gauge("digitstream.model.accuracy", "Share of labelled predictions that were right", tags, name,
                window, m -> orNaN(m.accuracy())));
        meters.add(gauge("digitstream.model.macro.precision", "Macro-averaged precision", tags, name, window,
                m -> orNaN(m.macroPrecision())));
        meters.add(gauge("digitstream.model.macro.recall", "Macro-averaged recall", tags, name, window,
                m -> orNaN(m.macroRecall())));
        meters.add(gauge("digitstream.model.macro.f1", "Macro-averaged F1", tags, name, window, m -> orNaN(m.macroF1())));
        meters.add(gauge("digitstream.model.throughput", "Predictions per second", tags, name, window,
                ModelMetrics::throughputPerSecond));
        meters.add(gauge("digitstream.model.confidence.mean", "Mean top-class confidence", tags, name, window,
                ModelMetrics::meanConfidence));
        meters.add(gauge("digitstream.model.psi", "Population stability index of the predicted classes vs training",
                tags, name, window, m -> orNaN(m.populationStabilityIndex())));
        // Form fields: counts are 0 and shares NaN (no data) in a window that read no field.
        meters.add(gauge("digitstream.model.field.read", "Form fields read in the window", tags, name, window,
                m -> m.fields() == null ? 0 : m.fields().readCount()));
        meters.add(gauge("digitstream.model.field.labelled", "Form fields read in the window whose true string is known",
                tags, name, window, m -> m.fields() == null ? 0 : m.fields().labelledCount()));
        meters.add(gauge("digitstream.model.field.exact.match", "Share of labelled form fields read exactly", tags,
                name, window, m -> fieldShare(m, FieldMetrics::exactMatch)));
        meters.add(gauge("digitstream.model.field.digit.accuracy", "Share of labelled form fields' digits read right",
                tags, name, window, m -> fieldShare(m, FieldMetrics::digitAccuracy)));
        meters.add(gauge("digitstream.model.field.length.accuracy", "Share of labelled form fields read at their length",
                tags, name, window, m -> fieldShare(m, FieldMetrics::lengthAccuracy)));
        LATENCY_STATS.forEach((stat, value) -> {
            meters.add(gauge("digitstream.model.inference.latency.ms", "Per-image inference latency",
                    tags.and("stat", stat), name, window, m -> value.apply(m.inferenceLatencyMs())));
            meters.add(gauge("digitstream.model.end.to.end.latency.ms", "Capture to prediction latency",
                    tags.and("stat", stat), name, window, m -> value.apply(m.endToEndLatencyMs())));
        });
        return meters;
    }

    private Meter gauge(String metric, String description, Tags tags, String name, WindowKind window,
            ToDoubleFunction<ModelMetrics> value) {
        return Gauge.builder(metric, () -> {
                    Shown shown = latest.get(name);
                    ModelMetrics metrics = shown == null ? null : shown.metrics().of(window);
                    return metrics == null ? Double.NaN : value.applyAsDouble(metrics);
                })
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** A share of the window's fields; NaN (no data) without fields or labels. */
    private static double fieldShare(ModelMetrics metrics, Function<FieldMetrics, Double> share) {
        return metrics.fields() == null ? Double.NaN : orNaN(share.apply(metrics.fields()));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
