package io.digitstream.inference.dashboard;

import io.smallrye.config.ConfigMapping;

/** Sizes of the dashboard's in-memory views ({@code digitstream.dashboard.*} in application.properties). */
@ConfigMapping(prefix = "digitstream.dashboard")
public interface DashboardConfig {

    /** How many of the most recent predicted digits {@code GET /api/recent} answers. */
    int recentSize();

    /** How many of the most recent read form fields {@code GET /api/fields/recent} answers. */
    int recentFieldsSize();

    /** How many images are remembered while their prediction and label are on the way. */
    int trackedImages();

    /** How many of the newest review items {@code GET /api/review} answers. */
    int reviewSize();

    /** Scans larger than this are listed without a thumbnail, so a huge scan cannot bloat every poll. */
    int maxThumbnailBytes();

    /**
     * {@code fetch.min.bytes} of the dashboard's four consumers ({@link DashboardConsumers}): fewer, larger fetches for
     * views refreshed every second or two.
     */
    int fetchMinBytes();

    /** {@code fetch.max.wait.ms} of the dashboard's consumers: how stale the views may get at a low event rate. */
    int fetchMaxWaitMs();
}
