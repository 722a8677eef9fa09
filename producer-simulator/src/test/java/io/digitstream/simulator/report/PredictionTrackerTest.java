package io.digitstream.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.simulator.report.PredictionTracker.Outcome;
import io.digitstream.simulator.report.PredictionTracker.SentImage;
import java.time.Instant;
import java.util.List;
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
        assertFalse(tracker.allPredicted());

        tracker.recordPrediction("c");
        assertTrue(tracker.allPredicted());
    }

    @Test
    void aFailedSendIsNoLongerExpectedButIsCounted() {
        tracker.recordSent("a", new SentImage(Instant.EPOCH, 1));
        tracker.recordSent("b", new SentImage(Instant.EPOCH, 2));

        tracker.recordSendFailed("b");
        tracker.recordPrediction("a");

        assertTrue(tracker.allPredicted());
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
