package io.digitstream.inference.metrics;

/**
 * Where the rolling windows of one model stand: the end of the next window to publish, and the start of the newest
 * slice holding data (no window ending after {@code newestSliceStartMs + size} can hold any).
 *
 * @param nextWindowEndMs    end of the next window to publish; {@link Long#MAX_VALUE} when every window with data
 *                           has been published
 * @param newestSliceStartMs start of the newest slice with data
 */
record RollingWindowState(long nextWindowEndMs, long newestSliceStartMs) {

    static final RollingWindowState IDLE = new RollingWindowState(Long.MAX_VALUE, Long.MIN_VALUE);

    /** After data arrived in the slice starting at {@code sliceStartMs}, whose earliest open window ends there. */
    RollingWindowState withData(long sliceStartMs, long earliestOpenWindowEndMs) {
        return new RollingWindowState(Math.min(nextWindowEndMs, earliestOpenWindowEndMs),
                Math.max(newestSliceStartMs, sliceStartMs));
    }
}
