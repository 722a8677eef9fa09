package io.digitstream.inference.metrics;

import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.WindowKind;

/** The latest rolling and cumulative metrics of one model; either is {@code null} until it has been published. */
public record LiveModelMetrics(ModelMetrics rolling, ModelMetrics cumulative) {

    static final LiveModelMetrics NONE = new LiveModelMetrics(null, null);

    LiveModelMetrics with(ModelMetrics latest) {
        return latest.window() == WindowKind.ROLLING
                ? new LiveModelMetrics(latest, cumulative)
                : new LiveModelMetrics(rolling, latest);
    }

    ModelMetrics of(WindowKind window) {
        return window == WindowKind.ROLLING ? rolling : cumulative;
    }
}
