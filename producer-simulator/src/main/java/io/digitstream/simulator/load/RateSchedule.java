package io.digitstream.simulator.load;

import java.time.Duration;

/** The target send rate as a function of the time since sending started. */
public sealed interface RateSchedule permits RateSchedule.Fixed, RateSchedule.Ramp {

    double rateAt(long elapsedNanos);

    /** One rate for the whole run. */
    record Fixed(double ratePerSecond) implements RateSchedule {
        public Fixed {
            requirePositive(ratePerSecond, "rate");
        }

        @Override
        public double rateAt(long elapsedNanos) {
            return ratePerSecond;
        }
    }

    /**
     * Starts at {@code startRate} and adds {@code step} every {@code interval} until {@code targetRate}, so the rate at
     * which the service stops keeping up (its saturation point) shows in the per-step report.
     */
    record Ramp(double startRate, double targetRate, double step, Duration interval) implements RateSchedule {
        public Ramp {
            requirePositive(startRate, "rate");
            requirePositive(step, "ramp step");
            if (targetRate < startRate) {
                throw new IllegalArgumentException(
                        "ramp target " + targetRate + " must not be below the start rate " + startRate);
            }
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("ramp interval must be positive, got " + interval);
            }
        }

        @Override
        public double rateAt(long elapsedNanos) {
            return Math.min(targetRate, startRate + step * stepIndex(elapsedNanos));
        }

        public long stepIndex(long elapsedNanos) {
            return Math.max(0, elapsedNanos) / interval.toNanos();
        }

        /** Number of distinct steps, the last one being {@code targetRate}. */
        public int stepCount() {
            return (int) Math.ceil((targetRate - startRate) / step) + 1;
        }

        /** Long enough to hold every step, including the target rate, for one full interval. */
        public Duration fullDuration() {
            return interval.multipliedBy(stepCount());
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number of messages/s, got " + value);
        }
    }
}
