package io.digitstream.inference.metrics;

import java.time.Instant;

/** A closed rolling window of one model (the record key): its bounds and what it counted. */
record MetricsAccumulatorWindow(Instant start, Instant end, MetricsAccumulator metrics) {
}
