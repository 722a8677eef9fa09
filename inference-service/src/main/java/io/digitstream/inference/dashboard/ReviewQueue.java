package io.digitstream.inference.dashboard;

import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewItemSerde;
import io.digitstream.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The newest items of {@code digits.review} (committed records only) for the dashboard. The topic itself is the queue
 * a reviewing tool consumes; this is a bounded window onto it, so nothing is taken off the topic here. Items are
 * kept as raw bytes and decoded, with their thumbnail drawn, only when the queue is shown ({@link StoredEvent}).
 */
@ApplicationScoped
public class ReviewQueue {

    private final int size;
    private final ThumbnailEncoder thumbnails;
    private final ReviewItemSerde.Deserializer items = new ReviewItemSerde.Deserializer();
    private final Deque<Flagged> newest = new ArrayDeque<>();
    private long totalFlagged;

    public ReviewQueue(DashboardConfig config) {
        this.size = config.reviewSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
    }

    @Incoming("dashboard-review")
    public void flagged(ConsumerRecord<String, byte[]> record) {
        flagged(record.value());
    }

    synchronized void flagged(byte[] event) {
        if (event == null) {
            return;
        }
        totalFlagged++;
        newest.addFirst(new Flagged(new StoredEvent<>(event, items, Topics.REVIEW)));
        if (newest.size() > size) {
            newest.removeLast();
        }
    }

    /** The newest valid items, newest first, and how many were flagged in all since the service started. */
    public synchronized ReviewQueueView view() {
        List<ReviewEntry> entries = new ArrayList<>();
        for (Flagged flagged : newest) {
            flagged.entry(thumbnails).ifPresent(entries::add);
        }
        return new ReviewQueueView(totalFlagged, entries);
    }

    /** One review record as it arrived, and its dashboard entry once drawn. */
    private static final class Flagged {
        private final StoredEvent<ReviewItem> item;
        private Optional<ReviewEntry> entry;

        Flagged(StoredEvent<ReviewItem> item) {
            this.item = item;
        }

        Optional<ReviewEntry> entry(ThumbnailEncoder thumbnails) {
            if (entry == null) {
                // An item over the embedding limit carries a reference instead of the scan: listed without a thumbnail.
                entry = item.get().map(i -> ReviewEntry.of(i,
                        i.image() == null ? null : thumbnails.dataUrl(i.image()).orElse(null)));
            }
            return entry;
        }
    }
}
