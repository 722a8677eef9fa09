package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.simulator.report.PredictionTracker.Outcome;
import io.digitstream.simulator.report.PredictionTracker.SentImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionTrackerTest {

    private final PredictionTracker tracker = new PredictionTracker();

    @Test
    void findsLostDuplicatedAndUnrelatedPredictions() {
        for (String id : List.of("a", "b", "c", "d")) {
            tracker.recordSent(id, new SentImage(Instant.EPOCH, 1));
        }

        assertEquals(Outcome.FIRST, tracker.recordPrediction("a"));
        assertEquals(Outcome.FIRST, tracker.recordPrediction("b"));
        assertEquals(Outcome.DUPLICATE, tracker.recordPrediction("b"));
        assertEquals(Outcome.DUPLICATE, tracker.recordPrediction("b"));
        assertEquals(Outcome.FIRST, tracker.recordPrediction("d"));
        assertEquals(Outcome.UNRELATED, tracker.recordPrediction("someone-else"));

        assertEquals(4, tracker.sentCount());
        assertEquals(3, tracker.predictedCount());
        assertEquals(1, tracker.lostCount());
        assertEquals(2, tracker.duplicateCount());
        assertEquals(1, tracker.unrelatedCount());
        assertEquals(List.of("c"), tracker.lostIds(10));
        assertFalse(tracker.allAnswered());

        tracker.recordPrediction("c");
        assertTrue(tracker.allAnswered());
    }

    @Test
    void aDeadLetteredImageIsRejectedNotLost() {
        for (String id : List.of("a", "b", "c")) {
            tracker.recordSent(id, new SentImage(Instant.EPOCH, 1));
        }

        assertTrue(tracker.recordRejected("a", "corrupt-image"));
        assertTrue(tracker.recordRejected("b", "wrong-size"));
        assertTrue(tracker.recordRejected("b", "wrong-size"));
        assertFalse(tracker.recordRejected("someone-else", "corrupt-image"));
        tracker.recordPrediction("c");

        assertEquals(2, tracker.rejectedCount());
        assertEquals(0, tracker.lostCount());
        assertTrue(tracker.allAnswered());
        assertEquals(Map.of("corrupt-image", 1L, "wrong-size", 1L), tracker.rejectionReasons());
        assertEquals(List.of(), tracker.lostIds(10));

        // A prediction after all (e.g. a retry) wins over the dead letter.
        tracker.recordPrediction("a");
        assertEquals(1, tracker.rejectedCount());
        assertEquals(2, tracker.predictedCount());
        assertEquals(0, tracker.lostCount());
    }

    @Test
    void aFailedSendIsNoLongerExpectedButIsCounted() {
        tracker.recordSent("a", new SentImage(Instant.EPOCH, 1));
        tracker.recordSent("b", new SentImage(Instant.EPOCH, 2));

        tracker.recordSendFailed("b");
        tracker.recordPrediction("a");

        assertTrue(tracker.allAnswered());
        assertEquals(1, tracker.sendFailureCount());
        assertEquals(1, tracker.sentCount());
    }

    @Test
    void lostIdsAreSortedAndLimited() {
        for (String id : List.of("e", "a", "d", "b", "c")) {
            tracker.recordSent(id, new SentImage(Instant.EPOCH, 1));
        }
        assertEquals(List.of("a", "b", "c"), tracker.lostIds(3));
    }

    @Test
    void anIdCannotBeSentTwice() {
        tracker.recordSent("a", new SentImage(Instant.EPOCH, 1));
        assertThrows(IllegalStateException.class, () -> tracker.recordSent("a", new SentImage(Instant.EPOCH, 1)));
    }
}
