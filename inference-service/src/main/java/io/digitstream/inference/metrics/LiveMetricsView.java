package io.digitstream.inference.metrics;

import java.time.Instant;
import java.util.SortedMap;

/** The body of {@code GET /api/metrics/live}: the latest metrics per model name (and {@code ensemble}). */
public record LiveMetricsView(Instant asOf, SortedMap<String, LiveModelMetrics> models) {
}
