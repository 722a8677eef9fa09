package io.digitstream.faults.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.faults.hostile.HostileOutcome;
import io.digitstream.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private final Ledger ledger = new Ledger();

    @Test
    void countsOutstandingValidImagesUntilAnswered() {
        ledger.scenario("service-kill");
        TrackedRecord first = sent(Topics.IMAGES, "img-1", RecordKind.LOAD);
        TrackedRecord second = sent(Topics.IMAGES, "img-2", RecordKind.LOAD);
        assertEquals(2, ledger.outstanding());

        assertSame(first, ledger.onPrediction("img-1", 10));
        ledger.onDeadLetter(Topics.IMAGES, "img-2", "processing-failed");

        assertEquals(0, ledger.outstanding());
        assertEquals("service-kill", first.scenario());
        assertEquals(10, first.firstPredictionNanos());
        assertEquals(List.of("processing-failed"), second.deadLetterReasons());
        assertEquals(0, second.firstPredictionNanos());
    }

    @Test
    void aSecondAnswerIsADuplicateNotANewAnswer() {
        TrackedRecord image = sent(Topics.IMAGES, "img-1", RecordKind.LOAD);

        ledger.onPrediction("img-1", 10);
        ledger.onPrediction("img-1", 30);

        assertEquals(2, image.answers());
        assertEquals(10, image.firstPredictionNanos());
        assertEquals(0, ledger.outstanding());
        assertEquals("answered-2-times: 2 prediction(s), dead letters []", HostileOutcome.of(image));
    }

    @Test
    void answersForKeysItNeverSentAreCountedApart() {
        sent(Topics.IMAGES, "img-1", RecordKind.LOAD);

        assertNull(ledger.onPrediction("someone-elses", 10));
        ledger.onDeadLetter(Topics.IMAGES, "someone-elses", "invalid-json");
        assertNull(ledger.onPrediction(null, 10));

        assertEquals(3, ledger.foreignAnswers());
        assertEquals(1, ledger.outstanding());
    }

    @Test
    void aDeadLetterCountsForTheRecordOfItsSourceTopic() {
        // A hostile label keyed by the id of the valid image that follows it: two records, one key.
        TrackedRecord label = sent(Topics.LABELS, "img-7", RecordKind.HOSTILE);
        TrackedRecord image = sent(Topics.IMAGES, "img-7", RecordKind.FOLLOW_UP);

        ledger.onDeadLetter(Topics.LABELS, "img-7", "implausible-time");
        ledger.onPrediction("img-7", 12);

        assertEquals("implausible-time", HostileOutcome.of(label));
        assertEquals(1, image.answers());
        assertEquals(0, ledger.outstanding());
    }

    @Test
    void hostileRecordsAreNeitherOutstandingNorRecoveryEvidence() {
        TrackedRecord hostile = sent(Topics.IMAGES, "bad-1", RecordKind.HOSTILE);

        assertEquals(0, ledger.outstanding());
        assertNull(ledger.onPrediction("bad-1", 10), "a predicted hostile image says nothing about recovery");
        assertEquals(HostileOutcome.PREDICTED, HostileOutcome.of(hostile));
    }

    @Test
    void describesWhatBecameOfAHostileRecord() {
        TrackedRecord refused = ledger.register(Topics.IMAGES, "too-big", RecordKind.HOSTILE);
        ledger.failed(refused, new RecordTooLargeException("too large"));
        TrackedRecord pending = ledger.register(Topics.IMAGES, "pending", RecordKind.HOSTILE);
        TrackedRecord silent = sent(Topics.LABELS, "silent", RecordKind.HOSTILE);

        assertEquals(HostileOutcome.REFUSED_BY_BROKER, HostileOutcome.of(refused));
        assertEquals("RecordTooLargeException: too large", refused.sendError());
        assertEquals(HostileOutcome.NOT_SENT, HostileOutcome.of(pending));
        assertEquals(HostileOutcome.NO_ANSWER, HostileOutcome.of(silent));
    }

    @Test
    void refusesToTrackTheSameRecordTwice() {
        sent(Topics.IMAGES, "img-1", RecordKind.LOAD);

        assertThrows(IllegalStateException.class, () -> ledger.register(Topics.IMAGES, "img-1", RecordKind.PROBE));
    }

    private TrackedRecord sent(String topic, String id, RecordKind kind) {
        TrackedRecord record = ledger.register(topic, id, kind);
        ledger.acked(record);
        return record;
    }
}
