package io.digitstream.simulator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches predictions to the images this run sent, to find lost ones (sent, never predicted) and duplicated ones
 * (predicted more than once). Predictions for ids this run did not send (other producers on the topic) are only
 * counted. The sender thread registers an id before it is published, so a fast prediction always finds it.
 */
public final class PredictionTracker {

    public enum Outcome { FIRST, DUPLICATE, UNRELATED }

    /** What the simulator remembers about a published image. */
    public record SentImage(Instant sentAt, int label) {
    }

    private final Map<String, SentImage> sent = new ConcurrentHashMap<>();
    private final Set<String> predicted = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unrelated = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();

    public void recordSent(String id, SentImage image) {
        if (sent.putIfAbsent(id, image) != null) {
            throw new IllegalStateException("image id " + id + " was sent twice by this run");
        }
    }

    /** The producer could not deliver the image: it is no longer expected, but the failure is reported. */
    public void recordSendFailed(String id) {
        if (sent.remove(id) != null) {
            sendFailures.incrementAndGet();
        }
    }

    public Outcome recordPrediction(String id) {
        if (!sent.containsKey(id)) {
            unrelated.incrementAndGet();
            return Outcome.UNRELATED;
        }
        if (predicted.add(id)) {
            return Outcome.FIRST;
        }
        duplicates.incrementAndGet();
        return Outcome.DUPLICATE;
    }

    public Optional<SentImage> sentImage(String id) {
        return Optional.ofNullable(sent.get(id));
    }

    public long sentCount() {
        return sent.size();
    }

    public long predictedCount() {
        return predicted.size();
    }

    public long lostCount() {
        return sentCount() - predictedCount();
    }

    public boolean allPredicted() {
        return lostCount() == 0;
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public long unrelatedCount() {
        return unrelated.get();
    }

    public long sendFailureCount() {
        return sendFailures.get();
    }

    /** Ids sent but not predicted, sorted, at most {@code limit} of them (for the report). */
    public List<String> lostIds(int limit) {
        return sent.keySet().stream().filter(id -> !predicted.contains(id)).sorted().limit(limit).toList();
    }
}
