package io.digitstream.inference.metrics;

import java.time.Duration;
import java.util.List;

/** The production defaults of application.properties, as a plain value for tests that run without Quarkus. */
record TestMetricsConfig(
        Duration labelMaxDelay,
        Duration dedupRetention,
        Window window,
        Duration cumulativeEmitInterval,
        List<Long> trainingClassCounts) implements LiveMetricsConfig {

    static final List<Long> MNIST_TRAINING_CLASS_COUNTS =
            List.of(5923L, 6742L, 5958L, 6131L, 5842L, 5421L, 5918L, 6265L, 5851L, 5949L);

    static TestMetricsConfig defaults() {
        return new TestMetricsConfig(Duration.ofMinutes(5), Duration.ofMinutes(15),
                new TestWindow(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), MNIST_TRAINING_CLASS_COUNTS);
    }

    record TestWindow(Duration size, Duration advance, Duration grace) implements Window {
    }
}
