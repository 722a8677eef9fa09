package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.FieldMetrics;
import io.digitstream.schemas.LatencySummary;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.WindowKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveMetricsBoardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LiveMetricsBoard board = new LiveMetricsBoard(registry);

    @Test
    void keepsTheLatestRollingAndCumulativeMetricsPerModel() {
        board.update(metrics("cnn", WindowKind.ROLLING, 10, 0.5));
        board.update(metrics("cnn", WindowKind.CUMULATIVE, 40, 0.75));
        board.update(metrics("cnn", WindowKind.ROLLING, 12, 0.25));
        board.update(metrics("ensemble", WindowKind.ROLLING, 12, null));

        assertEquals(List.of("cnn", "ensemble"), List.copyOf(board.snapshot().keySet()));
        LiveModelMetrics cnn = board.snapshot().get("cnn");
        assertEquals(12, cnn.rolling().predictedCount());
        assertEquals(40, cnn.cumulative().predictedCount());
        assertNull(board.snapshot().get("ensemble").cumulative());
    }

    @Test
    void gaugesFollowTheLatestValuesTaggedByModelAndWindow() {
        board.update(metrics("cnn", WindowKind.ROLLING, 10, 0.5));
        board.update(metrics("cnn", WindowKind.ROLLING, 12, 0.25));
        board.update(metrics("gru", WindowKind.CUMULATIVE, 7, null));

        assertEquals(0.25, gauge("digitstream.model.accuracy", "cnn", "rolling"), 1e-12);
        assertEquals(12, gauge("digitstream.model.predicted", "cnn", "rolling"), 1e-12);
        assertTrue(Double.isNaN(gauge("digitstream.model.accuracy", "gru", "cumulative")), "no labels, no accuracy");
        assertEquals(9.5, registry.get("digitstream.model.inference.latency.ms")
                .tags("model", "cnn", "window", "rolling", "stat", "p99").gauge().value(), 1e-12);
    }

    @Test
    void challengersAreShownBesideTheChampionAndANewVersionReplacesTheOldOnesGauges() {
        board.update(metrics("cnn", WindowKind.ROLLING, 10, 0.5).attributedTo(ModelRole.CHAMPION, "v1"));
        board.update(metrics("cnn", WindowKind.ROLLING, 10, 0.75).attributedTo(ModelRole.CHALLENGER, "v2"));

        assertEquals(List.of("challenger:cnn", "cnn"), List.copyOf(board.snapshot().keySet()));
        assertEquals(0.5, registry.get("digitstream.model.accuracy").tags("model", "cnn", "role", "champion",
                "version", "v1", "window", "rolling").gauge().value(), 1e-12);
        assertEquals(0.75, registry.get("digitstream.model.accuracy").tags("model", "cnn", "role", "challenger",
                "version", "v2", "window", "rolling").gauge().value(), 1e-12);

        // v2 promoted: the champion's series moves to v2, and v1's gauges go rather than report stale numbers.
        board.update(metrics("cnn", WindowKind.ROLLING, 3, 1.0).attributedTo(ModelRole.CHAMPION, "v2"));
        assertEquals("v2", board.snapshot().get("cnn").rolling().version());
        assertEquals(3, board.snapshot().get("cnn").rolling().predictedCount());
        assertTrue(registry.find("digitstream.model.accuracy").tags("role", "champion", "version", "v1").gauges()
                .isEmpty(), "the old version's gauges are removed");
        assertEquals(1.0, registry.get("digitstream.model.accuracy").tags("model", "cnn", "role", "champion",
                "version", "v2", "window", "rolling").gauge().value(), 1e-12);
    }

    @Test
    void fieldGaugesShowTheFieldsOfTheLatestWindowAndNoDataWithout() {
        board.update(withFields(metrics("ensemble", WindowKind.ROLLING, 10, 0.5), new FieldMetrics(20, 16, 0.75, 0.9, 0.875)));
        board.update(metrics("ensemble", WindowKind.CUMULATIVE, 10, 0.5));

        assertEquals(20, gauge("digitstream.model.field.read", "ensemble", "rolling"), 1e-12);
        assertEquals(16, gauge("digitstream.model.field.labelled", "ensemble", "rolling"), 1e-12);
        assertEquals(0.75, gauge("digitstream.model.field.exact.match", "ensemble", "rolling"), 1e-12);
        assertEquals(0.9, gauge("digitstream.model.field.digit.accuracy", "ensemble", "rolling"), 1e-12);
        assertEquals(0.875, gauge("digitstream.model.field.length.accuracy", "ensemble", "rolling"), 1e-12);
        assertEquals(0, gauge("digitstream.model.field.read", "ensemble", "cumulative"), 1e-12);
        assertTrue(Double.isNaN(gauge("digitstream.model.field.exact.match", "ensemble", "cumulative")));

        // The next window read fields but has no labels yet: counts, and no quality rather than a stale one.
        board.update(withFields(metrics("ensemble", WindowKind.ROLLING, 10, 0.5), new FieldMetrics(3, 0, null, null, null)));
        assertEquals(3, gauge("digitstream.model.field.read", "ensemble", "rolling"), 1e-12);
        assertTrue(Double.isNaN(gauge("digitstream.model.field.exact.match", "ensemble", "rolling")));
    }

    @Test
    void anUndecodableRecordIsSkippedByTheView() {
        board.update(null);
        assertTrue(board.snapshot().isEmpty());
    }

    private static ModelMetrics withFields(ModelMetrics m, FieldMetrics fields) {
        return new ModelMetrics(m.schemaVersion(), m.model(), m.window(), m.windowStart(), m.windowEnd(),
                m.predictedCount(), m.labelledCount(), m.accuracy(), m.macroPrecision(), m.macroRecall(), m.macroF1(),
                m.inferenceLatencyMs(), m.endToEndLatencyMs(), m.throughputPerSecond(), m.meanConfidence(),
                m.confidenceHistogram(), m.predictedClassCounts(), m.populationStabilityIndex(), m.emittedAt(), m.role(),
                m.version(), fields);
    }

    private double gauge(String name, String model, String window) {
        return registry.get(name).tags("model", model, "window", window).gauge().value();
    }

    private static ModelMetrics metrics(String model, WindowKind window, long predicted, Double accuracy) {
        long labelled = accuracy == null ? 0 : 4;
        return new ModelMetrics(1, model, window, T0, T0.plusSeconds(60), predicted, labelled, accuracy,
                accuracy, accuracy, accuracy, new LatencySummary(1, 9, 9.5, 10), new LatencySummary(40, 50, 60, 70),
                predicted / 60.0, 0.9, Collections.nCopies(10, 0L), Collections.nCopies(10, 0L), 0.01, T0);
    }
}
