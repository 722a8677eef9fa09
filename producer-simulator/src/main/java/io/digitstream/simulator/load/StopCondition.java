package io.digitstream.simulator.load;

import java.time.Duration;
import java.util.OptionalLong;

/** When sending ends: after a number of messages, after a duration, or whichever comes first when both are set. */
public record StopCondition(OptionalLong count, Duration duration) {

    public StopCondition {
        if (count.isEmpty() && duration == null) {
            throw new IllegalArgumentException("a run needs a count, a duration, or both");
        }
        if (count.isPresent() && count.getAsLong() <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count.getAsLong());
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
    }

    public boolean reached(long sent, long elapsedNanos) {
        return (count.isPresent() && sent >= count.getAsLong())
                || (duration != null && elapsedNanos >= duration.toNanos());
    }

    /** Time left until the duration ends, or {@link Long#MAX_VALUE} for a count-only run. */
    public long nanosUntilDeadline(long elapsedNanos) {
        return duration == null ? Long.MAX_VALUE : Math.max(0, duration.toNanos() - elapsedNanos);
    }
}
