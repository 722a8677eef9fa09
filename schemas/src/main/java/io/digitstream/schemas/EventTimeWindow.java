package io.digitstream.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far an event time may lie from the time it is processed. The schemas accept any instant from year 0000 to 9999;
 * an event time far from now is a clock error or an attack, and arithmetic on it (latencies, windows, retention)
 * can overflow or keep state forever. Every event time is checked against this window before it is used; outside
 * it, the record goes to the DLQ as {@link DlqReason#IMPLAUSIBLE_TIME} rather than being clamped, because a clamped
 * time would put a wrong latency into the metrics without anyone noticing.
 *
 * @param maxAge        how far in the past an event time may be (scans captured a while ago, replays)
 * @param maxFutureSkew how far in the future an event time may be (clocks of producers disagree a little)
 */
public record EventTimeWindow(Duration maxAge, Duration maxFutureSkew) {

    /** Past this, no window makes sense: the durations are held in nanoseconds elsewhere (about 292 years). */
    public static final Duration LONGEST = Duration.ofDays(3650);

    public EventTimeWindow {
        if (maxAge == null || maxFutureSkew == null || maxAge.isNegative() || maxFutureSkew.isNegative()
                || maxAge.compareTo(LONGEST) > 0 || maxFutureSkew.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("event time window must be between 0 and " + LONGEST.toDays()
                    + " days each way, got max age " + maxAge + " and max future skew " + maxFutureSkew);
        }
    }

    /** @return why {@code eventTime} (the event's field {@code field}) is implausible at {@code now}, or empty */
    public Optional<String> violation(String field, Instant eventTime, Instant now) {
        if (eventTime.isBefore(now.minus(maxAge))) {
            return Optional.of(field + " " + eventTime + " is more than " + maxAge + " before the processing time "
                    + now + " (digitstream.time.max-age)");
        }
        if (eventTime.isAfter(now.plus(maxFutureSkew))) {
            return Optional.of(field + " " + eventTime + " is more than " + maxFutureSkew + " after the processing time "
                    + now + " (digitstream.time.max-future-skew)");
        }
        return Optional.empty();
    }
}
