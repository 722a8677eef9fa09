package io.digitstream.schemas;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that is not a valid event. Carries the {@link DlqReason} and the individual problems so a consumer
 * can dead-letter the record with the right {@link DlqHeaders} instead of losing it.
 */
public class InvalidEventException extends SerializationException {

    private final DlqReason reason;
    private final List<String> problems;

    public InvalidEventException(String message, DlqReason reason, List<String> problems, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public DlqReason reason() {
        return reason;
    }

    /** One readable line per problem, e.g. {@code $.label: must have a maximum value of 9}. */
    public List<String> problems() {
        return problems;
    }
}
