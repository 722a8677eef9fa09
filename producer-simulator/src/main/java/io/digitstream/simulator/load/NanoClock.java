package io.digitstream.simulator.load;

/** Monotonic time and sleeping, behind an interface so rate control can be tested on a fake clock. */
public interface NanoClock {

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        }
    };
}
