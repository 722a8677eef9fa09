package io.digitstream.inference.dashboard;

import io.digitstream.schemas.ReviewItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The newest items of {@code digits.review} (committed records only) for the dashboard. The topic itself is the queue
 * a reviewing tool consumes; this is a bounded window onto it, so nothing is taken off the topic here.
 */
@ApplicationScoped
public class ReviewQueue {

    private final int size;
    private final ThumbnailEncoder thumbnails;
    private final Deque<ReviewEntry> newest = new ArrayDeque<>();
    private long totalFlagged;

    public ReviewQueue(DashboardConfig config) {
        this.size = config.reviewSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
    }

    @Incoming("dashboard-review")
    public synchronized void flagged(ReviewItem item) {
        if (item == null) {
            return;
        }
        totalFlagged++;
        newest.addFirst(ReviewEntry.of(item, thumbnails.dataUrl(item.image()).orElse(null)));
        if (newest.size() > size) {
            newest.removeLast();
        }
    }

    public synchronized ReviewQueueView view() {
        return new ReviewQueueView(totalFlagged, new ArrayList<>(newest));
    }
}
