package io.digitstream.simulator.load;

/**
 * Calls a send action at the rate a {@link RateSchedule} asks for until a {@link StopCondition} holds.
 * All timing goes through a {@link NanoClock}, so the pacing maths is testable without wall time.
 */
public final class LoadDriver {

    /** One send; {@code sequence} counts from 0 and {@code targetRate} is the rate in force when it was paced. */
    @FunctionalInterface
    public interface SendAction {
        void send(long sequence, double targetRate) throws InterruptedException;
    }

    private final NanoClock clock;
    private final RateSchedule schedule;
    private final StopCondition stop;
    private final double burstSeconds;

    public LoadDriver(NanoClock clock, RateSchedule schedule, StopCondition stop, double burstSeconds) {
        this.clock = clock;
        this.schedule = schedule;
        this.stop = stop;
        this.burstSeconds = burstSeconds;
    }

    /** Runs to completion (or interruption) and returns the number of sends made. */
    public long run(SendAction action) throws InterruptedException {
        long start = clock.nanoTime();
        TokenBucket bucket = new TokenBucket(clock, schedule.rateAt(0), burstSeconds);
        long sent = 0;
        while (!Thread.currentThread().isInterrupted()) {
            long elapsed = clock.nanoTime() - start;
            if (stop.reached(sent, elapsed)) {
                break;
            }
            double rate = schedule.rateAt(elapsed);
            if (rate != bucket.rate()) {
                bucket.setRate(rate);
            }
            long wait = bucket.nanosUntilAvailable();
            if (wait > 0) {
                // At low rates the next token can lie beyond the end of the run; do not oversleep the deadline.
                clock.sleepNanos(Math.min(wait, stop.nanosUntilDeadline(elapsed)));
                continue;
            }
            if (!bucket.tryAcquire()) {
                continue;
            }
            action.send(sent, rate);
            sent++;
        }
        return sent;
    }
}
