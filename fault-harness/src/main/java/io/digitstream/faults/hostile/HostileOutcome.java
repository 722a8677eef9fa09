package io.digitstream.faults.hostile;

import io.digitstream.faults.kafka.TrackedRecord;
import java.util.List;

/**
 * What became of a hostile record, in one word: a DLQ reason code, or one of these. Worked out at the end of the run,
 * when every answer has had its time to arrive.
 */
public final class HostileOutcome {

    /** The broker refused the record (e.g. over the topic's max.message.bytes): it never reached the service. */
    public static final String REFUSED_BY_BROKER = "refused-by-broker";
    /** The service predicted it (a strange but valid image, or an event time that is clamped). */
    public static final String PREDICTED = "predicted";
    /** Nothing came back: right for a label or prediction the metrics topology accepts, wrong for an image. */
    public static final String NO_ANSWER = "no-answer";
    /** Not acknowledged by the end (the producer still retrying). */
    public static final String NOT_SENT = "not-sent";

    private HostileOutcome() {
    }

    /** One word for a single answer; {@code answered-N-times: ...} when there was more than one (a duplicate). */
    public static String of(TrackedRecord record) {
        if (record.sendState() == TrackedRecord.SendState.FAILED) {
            return REFUSED_BY_BROKER;
        }
        if (record.sendState() == TrackedRecord.SendState.PENDING) {
            return NOT_SENT;
        }
        List<String> reasons = record.deadLetterReasons();
        int answers = record.predictions() + reasons.size();
        if (answers == 0) {
            return NO_ANSWER;
        }
        if (answers == 1) {
            return record.predictions() == 1 ? PREDICTED : reasons.get(0);
        }
        return "answered-" + answers + "-times: " + record.predictions() + " prediction(s), dead letters " + reasons;
    }
}
