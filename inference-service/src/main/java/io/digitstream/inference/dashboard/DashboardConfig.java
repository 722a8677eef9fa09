package io.digitstream.inference.dashboard;

import io.smallrye.config.ConfigMapping;

/** Sizes of the dashboard's in-memory views ({@code digitstream.dashboard.*} in application.properties). */
@ConfigMapping(prefix = "digitstream.dashboard")
public interface DashboardConfig {

    /** How many of the most recent predicted digits {@code GET /api/recent} answers. */
    int recentSize();

    /** How many images are remembered while their prediction and label are on the way. */
    int trackedImages();

    /** How many of the newest review items {@code GET /api/review} answers. */
    int reviewSize();

    /** Scans larger than this are listed without a thumbnail, so a huge scan cannot bloat every poll. */
    int maxThumbnailBytes();
}
