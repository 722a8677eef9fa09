package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DlqReason;

/**
 * Input that can never be predicted, whatever the retries: it goes to the DLQ (Kafka) or becomes a 4xx (HTTP),
 * carrying the contract's reason code and a detail a human can act on.
 */
public class InvalidInputException extends Exception {

    private final DlqReason reason;

    public InvalidInputException(DlqReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public InvalidInputException(DlqReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public DlqReason reason() {
        return reason;
    }
}
