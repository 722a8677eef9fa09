package io.digitstream.faults.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * One record the harness published and the answers the service gave for it: predictions (read_committed) and dead
 * letters (by reason). Send state is set by the producer's callback thread, answers by the listener thread.
 */
public final class TrackedRecord {

    /** Where the broker's acknowledgement stands. */
    public enum SendState { PENDING, ACKED, FAILED }

    private final String topic;
    private final String id;
    private final RecordKind kind;
    private final String scenario;
    private volatile SendState sendState = SendState.PENDING;
    private volatile String sendError;
    private volatile int predictions;
    private boolean answered;
    private volatile long firstPredictionNanos;
    private final List<String> deadLetterReasons = new ArrayList<>(1);

    TrackedRecord(String topic, String id, RecordKind kind, String scenario) {
        this.topic = topic;
        this.id = id;
        this.kind = kind;
        this.scenario = scenario;
    }

    public String topic() {
        return topic;
    }

    public String id() {
        return id;
    }

    public RecordKind kind() {
        return kind;
    }

    /** The scenario that was running when the record was published. */
    public String scenario() {
        return scenario;
    }

    public SendState sendState() {
        return sendState;
    }

    /** Why the broker (or the producer) refused it, when {@link SendState#FAILED}. */
    public String sendError() {
        return sendError;
    }

    public int predictions() {
        return predictions;
    }

    public synchronized List<String> deadLetterReasons() {
        return List.copyOf(deadLetterReasons);
    }

    /** Predictions plus dead letters: exactly 1 is right, more is a duplicate. */
    public synchronized int answers() {
        return predictions + deadLetterReasons.size();
    }

    /** {@link System#nanoTime()} when its first prediction became visible, 0 if none yet. */
    public long firstPredictionNanos() {
        return firstPredictionNanos;
    }

    void acked() {
        sendState = SendState.ACKED;
    }

    void failed(String error) {
        sendError = error;
        sendState = SendState.FAILED;
    }

    /** @return whether this was its first answer */
    synchronized boolean predicted(long visibleNanos) {
        predictions++;
        if (firstPredictionNanos == 0) {
            firstPredictionNanos = visibleNanos;
        }
        return firstAnswer();
    }

    /** @return whether this was its first answer */
    synchronized boolean deadLettered(String reason) {
        deadLetterReasons.add(reason);
        return firstAnswer();
    }

    private boolean firstAnswer() {
        boolean first = !answered;
        answered = true;
        return first;
    }
}
