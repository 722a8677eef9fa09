package io.digitstream.inference.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PredictionSlotsTest {

    /** Every free slot, taken until the next one is refused: as many as the capacity when none was held. */
    static List<PredictionSlots.Slot> takeAll(PredictionSlots slots) {
        List<PredictionSlots.Slot> taken = new ArrayList<>();
        while (taken.size() < 100_000) {
            try {
                taken.add(slots.acquire());
            } catch (TooManyPredictionsException full) {
                return taken;
            }
        }
        throw new AssertionError("no slot was ever refused");
    }

    /** How many slots there are, counted by taking them all while none is held; all are free again afterwards. */
    static int capacityOf(PredictionSlots slots) {
        List<PredictionSlots.Slot> all = takeAll(slots);
        all.forEach(PredictionSlots.Slot::close);
        return all.size();
    }

    @Test
    void zeroMeansTwoPerProcessorAndAnythingElseIsTakenAsConfigured() {
        assertEquals(6, capacityOf(PredictionSlots.of(0, 3)));
        assertEquals(5, capacityOf(PredictionSlots.of(5, 3)));
        assertThrows(IllegalArgumentException.class, () -> PredictionSlots.of(-1, 3));
    }

    @Test
    void theSlotOverCapacityIsRefusedAtOnceAndAClosedSlotIsFreeAgain() throws Exception {
        PredictionSlots slots = new PredictionSlots(2);
        PredictionSlots.Slot first = slots.acquire();
        slots.acquire();

        TooManyPredictionsException refused = assertThrows(TooManyPredictionsException.class, slots::acquire);

        assertTrue(refused.getMessage().contains("2 predictions are already running"), refused.getMessage());
        first.close();
        slots.acquire();
        assertThrows(TooManyPredictionsException.class, slots::acquire);
    }

    @Test
    void closingASlotTwiceFreesItOnce() throws Exception {
        PredictionSlots slots = new PredictionSlots(1);
        PredictionSlots.Slot slot = slots.acquire();
        slot.close();
        slot.close();

        slots.acquire();

        assertThrows(TooManyPredictionsException.class, slots::acquire);
    }

    /** Eight threads racing for three slots: never more than three held at once, and all free at the end. */
    @Test
    void racingThreadsNeverHoldMoreThanTheCapacity() throws Exception {
        PredictionSlots slots = new PredictionSlots(3);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        try (PredictionSlots.Slot slot = slots.acquire()) {
                            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            held.decrementAndGet();
                        } catch (TooManyPredictionsException e) {
                            // all three taken: the refusal under test, nothing to undo
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertTrue(mostHeld.get() <= 3, "held at once: " + mostHeld.get());
        for (int i = 0; i < 3; i++) {
            slots.acquire();
        }
        assertThrows(TooManyPredictionsException.class, slots::acquire);
    }
}
