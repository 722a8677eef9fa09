package io.digitstream.inference.metrics;

/**
 * The names of the metrics topology's state stores. {@link MetricsTopologyProducer} adds the stores under these names
 * and hands the same record to each processor that uses them, so a processor depends on the names it is given, not on
 * the class that builds the topology. The names also name the changelog topics
 * ({@code <application id>-<name>-changelog}): renaming one starts that state from nothing.
 *
 * @param imageJoin         {@link PredictionLabelJoiner}: what is known of each image
 * @param imageExpiry       {@link PredictionLabelJoiner}: the images by expiry time
 * @param rollingSlices     {@link RollingWindowPublisher}: the 10-s slices per model
 * @param rollingState      {@link RollingWindowPublisher}: each model's window state
 * @param cumulative        {@link CumulativePublisher}: the totals per model, in the DSL's timestamped format
 * @param cumulativePending {@link CumulativePublisher}: since when each model has an unpublished update
 */
record MetricsStores(String imageJoin, String imageExpiry, String rollingSlices, String rollingState,
        String cumulative, String cumulativePending) {

    /** The names the topology has always used. */
    static final MetricsStores NAMES = new MetricsStores("image-join-state", "image-join-expiry",
            "rolling-metrics-slices", "rolling-metrics-state", "cumulative-metrics", "cumulative-metrics-pending");
}
