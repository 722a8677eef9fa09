package io.digitstream.faults.kafka;

import io.digitstream.schemas.Topics;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every record the harness published, by topic and key, with the answers seen for it; the exact accounting the report
 * is made from. Records are attributed to the scenario running when they were published. Answers for keys the
 * harness never published (another producer's, or its own hostile predictions) are counted apart, never matched.
 */
public final class Ledger {

    private final ConcurrentHashMap<String, TrackedRecord> records = new ConcurrentHashMap<>();
    private final LongAdder validAcked = new LongAdder();
    private final LongAdder validAnswered = new LongAdder();
    private final LongAdder predictions = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder foreignAnswers = new LongAdder();
    private volatile String scenario = "start";

    /** Records published from now on belong to this scenario. */
    public void scenario(String name) {
        scenario = name;
    }

    /** Registers a record before it is sent, so an answer can never arrive for an unknown key. */
    public TrackedRecord register(String topic, String id, RecordKind kind) {
        TrackedRecord record = new TrackedRecord(topic, id, kind, scenario);
        if (records.putIfAbsent(key(topic, id), record) != null) {
            throw new IllegalStateException("id " + id + " on " + topic + " was published twice by the harness");
        }
        return record;
    }

    public void acked(TrackedRecord record) {
        record.acked();
        if (record.kind().validImage()) {
            validAcked.increment();
        }
    }

    public void failed(TrackedRecord record, Exception error) {
        record.failed(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /**
     * A prediction for {@code id} became visible.
     *
     * @return the valid image it answers, or null when the key is not one the harness sent as an image
     */
    public TrackedRecord onPrediction(String id, long visibleNanos) {
        TrackedRecord record = id == null ? null : records.get(key(Topics.IMAGES, id));
        if (record == null) {
            foreignAnswers.increment();
            return null;
        }
        predictions.increment();
        if (record.predicted(visibleNanos) && record.kind().validImage()) {
            validAnswered.increment();
        }
        return record.kind().validImage() ? record : null;
    }

    /** A dead letter for the record {@code key} of {@code sourceTopic} became visible. */
    public void onDeadLetter(String sourceTopic, String key, String reason) {
        TrackedRecord record = key == null ? null : records.get(key(sourceTopic, key));
        if (record == null) {
            foreignAnswers.increment();
            return;
        }
        deadLetters.increment();
        if (record.deadLettered(reason) && record.kind().validImage()) {
            validAnswered.increment();
        }
    }

    public Collection<TrackedRecord> records() {
        return Collections.unmodifiableCollection(records.values());
    }

    /** Valid images the broker acknowledged that have no answer yet. */
    public long outstanding() {
        return validAcked.sum() - validAnswered.sum();
    }

    public long validAcked() {
        return validAcked.sum();
    }

    public long predictions() {
        return predictions.sum();
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Answers for keys the harness did not publish as images (e.g. another producer's records). */
    public long foreignAnswers() {
        return foreignAnswers.sum();
    }

    private static String key(String topic, String id) {
        return topic + '\u0000' + id;
    }
}
