package io.digitstream.inference.dashboard;

import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewItemSerde;
import io.digitstream.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Every recent item a reviewer may still answer, oldest first, as it arrived, up to {@link #answerableBytes}: at a
     * busy hour items leave the shown window within seconds, long before a person has looked at the scan on screen.
     */
    private final Map<String, byte[]> answerable = new LinkedHashMap<>();
    private final long answerableBytes;
    private long answerableHeld;
    private long totalFlagged;
    private long totalAnswered;

    /** How much of the newest review items (bytes as they arrived) stays answerable: thousands of typical items. */
    static final long ANSWERABLE_BYTES = 16L * 1024 * 1024;

    @Inject
    public ReviewQueue(DashboardConfig config) {
        this(config, ANSWERABLE_BYTES);
    }

    ReviewQueue(DashboardConfig config, long answerableBytes) {
        this.size = config.reviewSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
        this.answerableBytes = answerableBytes;
    }

    @Incoming("dashboard-review")
    public void flagged(ConsumerRecord<String, byte[]> record) {
        flagged(record.key(), record.value());
    }

    synchronized void flagged(String id, byte[] event) {
        if (event == null || id == null) {
            return;
        }
        totalFlagged++;
        newest.addFirst(new Flagged(id, new StoredEvent<>(event, items, Topics.REVIEW)));
        if (newest.size() > size) {
            newest.removeLast();
        }
        forget(id);
        answerable.put(id, event);
        answerableHeld += event.length;
        for (Iterator<byte[]> oldest = answerable.values().iterator();
                answerableHeld > answerableBytes && oldest.hasNext(); ) {
            answerableHeld -= oldest.next().length;
            oldest.remove();
        }
    }

    private boolean forget(String id) {
        byte[] held = answerable.remove(id);
        if (held != null) {
            answerableHeld -= held.length;
        }
        return held != null;
    }

    /**
     * An answer on {@code digits.review-answers}, from this dashboard or another: the item leaves the queue, so no one
     * answers it twice.
     */
    @Incoming("dashboard-review-answers")
    public void answeredAnywhere(ConsumerRecord<String, byte[]> record) {
        if (record.key() != null) {
            answered(record.key());
        }
    }

    /** Takes the item off the queue; false when it was not (or no longer) waiting. */
    public synchronized boolean answered(String id) {
        newest.removeIf(flagged -> flagged.id.equals(id));
        boolean waited = forget(id);
        if (waited) {
            totalAnswered++;
        }
        return waited;
    }

    /** The valid item with this image id still waiting for an answer, shown or not, if any. */
    public synchronized Optional<ReviewItem> waiting(String id) {
        byte[] event = answerable.get(id);
        return event == null ? Optional.empty() : new StoredEvent<>(event, items, Topics.REVIEW).get();
    }

    /** The newest unanswered valid items, newest first, and how many were flagged and answered since the start. */
    public synchronized ReviewQueueView view() {
        List<ReviewEntry> entries = new ArrayList<>();
        for (Flagged flagged : newest) {
            flagged.entry(thumbnails).ifPresent(entries::add);
        }
        return new ReviewQueueView(totalFlagged, totalAnswered, entries);
    }

    /** One review record as it arrived, and its dashboard entry once drawn. */
    private static final class Flagged {
        private final String id;
        private final StoredEvent<ReviewItem> item;
        private Optional<ReviewEntry> entry;

        Flagged(String id, StoredEvent<ReviewItem> item) {
            this.id = id;
            this.item = item;
        }

        Optional<ReviewEntry> entry(ThumbnailEncoder thumbnails) {
            if (entry == null) {
                // An item over the embedding limit carries a reference instead of the scan: listed without a thumbnail.
                entry = item.get().map(i -> ReviewEntry.of(i, i.image() != null ? thumbnails.dataUrl(i.image()).orElse(null)
                        : i.fieldImage() != null ? thumbnails.dataUrl(i.fieldImage()).orElse(null) : null));
            }
            return entry;
        }
    }
}
