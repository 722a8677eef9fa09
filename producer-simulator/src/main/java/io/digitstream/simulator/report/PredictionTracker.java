package io.digitstream.simulator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches predictions to the images this run sent, to find lost ones (sent, neither predicted nor rejected to the
 * dead-letter topic) and duplicated ones (predicted more than once). Predictions for ids this run did not send (other
 * producers on the topic) are only counted. The sender thread registers an id before it is published, so a fast
 * prediction always finds it.
 */
public final class PredictionTracker {

    public enum Outcome { FIRST, DUPLICATE, UNRELATED }

    /**
     * What the simulator remembers about a published image or field.
     *
     * @param label      a single digit's label; -1 for a field
     * @param fieldValue a field's true string; null for a single digit
     */
    public record SentImage(Instant sentAt, int label, String fieldValue) {
        public SentImage(Instant sentAt, int label) {
            this(sentAt, label, null);
        }
    }

    private final Map<String, SentImage> sent = new ConcurrentHashMap<>();
    private final Set<String> predicted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> rejected = new ConcurrentHashMap<>();
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

    /**
     * The service sent the image to the dead-letter topic with this reason code. Returns false for ids this run did
     * not send.
     */
    public boolean recordRejected(String id, String reason) {
        if (!sent.containsKey(id)) {
            return false;
        }
        rejected.putIfAbsent(id, reason);
        return true;
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

    /** Sent images that were rejected and never predicted. */
    public long rejectedCount() {
        return rejected.keySet().stream().filter(id -> !predicted.contains(id)).count();
    }

    /** Rejected (and never predicted) images by reason code, sorted by code. */
    public Map<String, Long> rejectionReasons() {
        Map<String, Long> reasons = new TreeMap<>();
        rejected.forEach((id, reason) -> {
            if (!predicted.contains(id)) {
                reasons.merge(reason, 1L, Long::sum);
            }
        });
        return reasons;
    }

    public long lostCount() {
        return sentCount() - predictedCount() - rejectedCount();
    }

    /** Every sent image has been answered: predicted or rejected. */
    public boolean allAnswered() {
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

    /** Ids sent but neither predicted nor rejected, sorted, at most {@code limit} of them (for the report). */
    public List<String> lostIds(int limit) {
        return sent.keySet().stream()
                .filter(id -> !predicted.contains(id) && !rejected.containsKey(id))
                .sorted()
                .limit(limit)
                .toList();
    }
}
