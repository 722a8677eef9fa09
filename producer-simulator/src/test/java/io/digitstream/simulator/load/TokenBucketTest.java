package io.digitstream.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void firstPermitIsImmediateAndTheNextWaitsOneInterval() {
        TokenBucket bucket = new TokenBucket(clock, 100, 0.1);

        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        assertEquals(10_000_000L, bucket.nanosUntilAvailable());

        clock.advanceMillis(9);
        assertFalse(bucket.tryAcquire());
        clock.advanceMillis(1);
        assertTrue(bucket.tryAcquire());
    }

    @Test
    void anIdleSenderCatchesUpByAtMostTheBurst() {
        TokenBucket bucket = new TokenBucket(clock, 100, 0.1);
        bucket.tryAcquire();

        clock.advanceMillis(10_000);

        int immediate = 0;
        while (bucket.tryAcquire()) {
            immediate++;
        }
        assertEquals(10, immediate, "100/s with a 0.1 s burst holds 10 tokens, not the 1000 earned while idle");
    }

    @Test
    void capacityNeverDropsBelowOneToken() {
        TokenBucket bucket = new TokenBucket(clock, 2, 0.1);
        assertEquals(1.0, bucket.capacity());
    }

    @Test
    void sleepingTheAnnouncedWaitPacesPermitsExactly() {
        TokenBucket bucket = new TokenBucket(clock, 4, 0);
        long start = clock.nanoTime();

        for (int i = 0; i < 5; i++) {
            // As LoadDriver paces: sleep until the bucket says a token is due, then take it.
            while (!bucket.tryAcquire()) {
                clock.sleepNanos(bucket.nanosUntilAvailable());
            }
        }

        assertEquals(1_000_000_000L, clock.nanoTime() - start, "5 permits at 4/s: one now, four 250 ms apart");
    }

    @Test
    void aRateChangeKeepsTheTokensAlreadyEarned() {
        TokenBucket bucket = new TokenBucket(clock, 10, 1);
        bucket.tryAcquire();
        clock.advanceMillis(500);

        bucket.setRate(1000);

        int immediate = 0;
        while (bucket.tryAcquire()) {
            immediate++;
        }
        assertEquals(5, immediate, "half a second at 10/s earned 5 tokens before the rate rose");
    }

    @Test
    void rejectsRatesThatCannotPace() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(clock, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(clock, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(clock, 10, -1));
    }
}
