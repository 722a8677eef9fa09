package io.digitstream.schemas;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Input that is not a valid event and never will be, whatever the retries: a record value that is too large, not
 * JSON, against the schema or the record's invariants, or whose event time is implausible ({@link EventReader}), or
 * an event (or uploaded file) whose image cannot be used. Carries the {@link DlqReason} and the individual problems,
 * so a consumer can dead-letter the record with the right {@link DlqHeaders} instead of losing it, and an HTTP
 * endpoint can answer 4xx with the same reason code. The one exception type for invalid input in the project.
 */
public class InvalidEventException extends SerializationException {

    private final DlqReason reason;
    private final List<String> problems;

    public InvalidEventException(String message, DlqReason reason, List<String> problems, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** One problem, which is also the message: a check that stops at its first finding (a size, a time, a decoder). */
    public InvalidEventException(DlqReason reason, String problem) {
        this(reason, problem, null);
    }

    public InvalidEventException(DlqReason reason, String problem, Throwable cause) {
        this(problem, reason, List.of(problem), cause);
    }

    public DlqReason reason() {
        return reason;
    }

    /** One readable line per problem, e.g. {@code $.label: must have a maximum value of 9}. */
    public List<String> problems() {
        return problems;
    }
}
