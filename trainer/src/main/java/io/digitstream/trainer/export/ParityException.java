package io.digitstream.trainer.export;

/** An exported model does not reproduce the training engine closely enough to ship. */
public final class ParityException extends RuntimeException {

    private final transient ParityReport report;

    ParityException(String message, ParityReport report) {
        super(message);
        this.report = report;
    }

    public ParityReport report() {
        return report;
    }
}
