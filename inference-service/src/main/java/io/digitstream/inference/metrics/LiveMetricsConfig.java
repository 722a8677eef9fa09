package io.digitstream.inference.metrics;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/** Settings of the live metrics topology ({@code digitstream.metrics.*} in application.properties). */
@ConfigMapping(prefix = "digitstream.metrics")
public interface LiveMetricsConfig {

    /** How far apart (in event time, either order) a prediction and its label may be and still be joined. */
    Duration labelMaxDelay();

    /** How long an image is remembered for the join and to recognise repeats; at least {@link #labelMaxDelay()}. */
    Duration dedupRetention();

    /** The rolling windows. */
    Window window();

    /** Cumulative metrics are published at most once per this much stream time per model. */
    Duration cumulativeEmitInterval();

    /** How often each digit 0..9 occurs in the training labels: the baseline of the population stability index. */
    List<Long> trainingClassCounts();

    /** What happens to a Kafka Streams thread that dies of an exception no processor handled. */
    StreamThreads streamThreads();

    interface StreamThreads {
        /**
         * A dead stream thread is replaced up to this many times within {@link #replacementWindow()}; the next
         * failure in that time shuts the Streams client down (state ERROR, health DOWN), so that a fault that
         * persists is seen and the platform restarts the service, rather than threads failing on the same record
         * forever.
         */
        int maxReplacements();

        Duration replacementWindow();
    }

    interface Window {
        /** Length of each rolling window. */
        Duration size();

        /** A new window starts this often, so the rolling metrics refresh at this interval. */
        Duration advance();

        /** How late (in stream time) an event may arrive and still count in its window. */
        Duration grace();
    }
}
