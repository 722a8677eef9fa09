package io.digitstream.faults.kafka;

/** What the harness published a tracked record as, which decides what counts as its right answer. */
public enum RecordKind {
    /** A valid MNIST image of the steady load at the scenario's rate. */
    LOAD("l", true),
    /** A valid image of the unpaced burst that measures the service's saturation rate. */
    PROBE("p", true),
    /** The valid image sent right after a hostile record; it must be predicted within the deadline. */
    FOLLOW_UP("f", true),
    /** A hostile record: refused by the broker, or answered exactly once (a dead letter or a prediction). */
    HOSTILE("h", false);

    private final String idTag;
    private final boolean validImage;

    RecordKind(String idTag, boolean validImage) {
        this.idTag = idTag;
        this.validImage = validImage;
    }

    /** The letter in the ids of this kind, so a key in a log or a topic says what it was. */
    public String idTag() {
        return idTag;
    }

    /** Whether it is a valid image that must get exactly one prediction. */
    public boolean validImage() {
        return validImage;
    }
}
