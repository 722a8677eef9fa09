package io.digitstream.faults.kafka;

/**
 * Notes when the first prediction the service produced after a fault began became visible to a read_committed
 * reader: "produced after" is the record's CreateTime, which the service's producer stamps when it sends. Earlier
 * predictions that only become visible later (a commit in flight at the fault) do not count as recovery.
 */
public final class RecoveryProbe {

    private final long producedAfterEpochMillis;
    private volatile long firstVisibleNanos;

    RecoveryProbe(long producedAfterEpochMillis) {
        this.producedAfterEpochMillis = producedAfterEpochMillis;
    }

    void offer(long createTimeEpochMillis, long visibleNanos) {
        if (firstVisibleNanos == 0 && createTimeEpochMillis >= producedAfterEpochMillis) {
            firstVisibleNanos = visibleNanos;
        }
    }

    /** {@link System#nanoTime()} when it became visible, 0 while none has. */
    public long firstVisibleNanos() {
        return firstVisibleNanos;
    }
}
