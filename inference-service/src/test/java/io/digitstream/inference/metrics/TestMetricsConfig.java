package io.digitstream.inference.metrics;

import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.schemas.EventTimeWindow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The production defaults of application.properties, as a plain value for tests that run without Quarkus. */
record TestMetricsConfig(
        Duration labelMaxDelay,
        Duration dedupRetention,
        Window window,
        Duration cumulativeEmitInterval,
        List<Long> trainingClassCounts,
        StreamThreads streamThreads) implements LiveMetricsConfig {

    static final List<Long> MNIST_TRAINING_CLASS_COUNTS =
            List.of(5923L, 6742L, 5958L, 6131L, 5842L, 5421L, 5918L, 6265L, 5851L, 5949L);
    /** digitstream.time.max-age and max-future-skew. */
    static final EventTimeWindow TIME_WINDOW = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));
    /** digitstream.limits.max-payload-bytes. */
    static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
    /** digitstream.limits.max-record-bytes. */
    static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    /** digitstream.topics.*: the contract's names. */
    static final TopicNames TOPICS = TopicNames.DEFAULTS;

    static TestMetricsConfig defaults() {
        return new TestMetricsConfig(Duration.ofMinutes(5), Duration.ofMinutes(15),
                new TestWindow(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), MNIST_TRAINING_CLASS_COUNTS, new TestStreamThreads(5, Duration.ofMinutes(10)));
    }

    /**
     * The topology with these defaults, for tests on a real broker that move stream time on with events ahead of the
     * wall clock (ticks of 11 s of event time a second or so): their window allows {@code maxFutureSkew}.
     */
    static MetricsTopologyProducer topology(Duration maxFutureSkew) {
        return new MetricsTopologyProducer(defaults(), new EventTimeWindow(TIME_WINDOW.maxAge(), maxFutureSkew),
                MAX_PAYLOAD_BYTES, new DeadLetters(MAX_RECORD_BYTES, new TopologyFailureMeters(new SimpleMeterRegistry())),
                Clock.systemUTC(), TOPICS);
    }

    record TestWindow(Duration size, Duration advance, Duration grace) implements Window {
    }

    record TestStreamThreads(int maxReplacements, Duration replacementWindow) implements StreamThreads {
    }
}
