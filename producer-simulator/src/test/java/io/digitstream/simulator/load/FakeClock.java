package io.digitstream.simulator.load;

/** A clock that only moves when someone sleeps on it or advances it, so pacing is exact and instant. */
final class FakeClock implements NanoClock {

    private long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        now += Math.max(0, nanos);
    }

    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }
}
