package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.TimeMath.saturatedAdd;
import static io.digitstream.inference.metrics.TimeMath.saturatedSubtract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolling (hopping) windows built from tumbling slices: every observation updates one slice of {@code advance}
 * length, and when stream time passes a window's end plus the grace, the window's {@code size / advance} slices are
 * merged and published once. The result is what a DSL hopping window with {@code suppress(untilWindowCloses)} gives,
 * but each observation costs one store update instead of one per overlapping window (six with 1 min / 10 s), and
 * store updates are what the topology spends its time on (docs/benchmarks.md).
 *
 * <p>Same rules as the DSL: an observation counts in every window that contains it and has not closed (stream time
 * below the window end plus the grace); windows that have closed are never published again; a window with no data
 * is not published.
 */
final class RollingWindowPublisher implements Processor<String, ModelObservation, String, MetricsAccumulatorWindow> {

    private final MetricsStores stores;
    private final long sizeMs;
    private final long advanceMs;
    private final long graceMs;
    private ProcessorContext<String, MetricsAccumulatorWindow> context;
    private KeyValueStore<String, MetricsAccumulator> slices;
    private KeyValueStore<String, RollingWindowState> states;
    /**
     * The slices written since this task (re)started, as objects: the store is written through on every update (its
     * changelog is what makes the counts exactly-once), but reading back what was just written would decode it
     * again for every observation. Cleared in {@code init}, which Kafka Streams calls again whenever it restores the
     * task from the changelog, so it never holds anything the store does not.
     */
    private final Map<String, MetricsAccumulator> writtenSlices = new HashMap<>();
    /** Each model's window state as its store holds it: every observation reads it, few change it. Same lifecycle. */
    private final Map<String, RollingWindowState> writtenStates = new HashMap<>();
    /** Earliest stream time at which some model has a window to publish; a hint kept in memory, rebuilt on start. */
    private long nextDueMs = Long.MIN_VALUE;
    /**
     * The largest observation time seen: this processor's stream time, as the DSL's window aggregations keep theirs
     * (the task's stream time would also count the records before the repartition). After a restart it starts from
     * the newest slice in the store, a lower bound of what it was.
     */
    private long observedStreamTimeMs = Long.MIN_VALUE;

    /**
     * @param stores the names of its stores: {@link MetricsStores#rollingSlices()} and {@link MetricsStores#rollingState()}
     */
    RollingWindowPublisher(MetricsStores stores, long sizeMs, long advanceMs, long graceMs) {
        if (advanceMs <= 0 || sizeMs % advanceMs != 0) {
            throw new IllegalArgumentException("the rolling window size (" + sizeMs + " ms) must be a positive multiple"
                    + " of its advance (" + advanceMs + " ms)");
        }
        this.stores = stores;
        this.sizeMs = sizeMs;
        this.advanceMs = advanceMs;
        this.graceMs = graceMs;
    }

    @Override
    public void init(ProcessorContext<String, MetricsAccumulatorWindow> context) {
        this.context = context;
        this.slices = context.getStateStore(stores.rollingSlices());
        this.states = context.getStateStore(stores.rollingState());
        this.writtenSlices.clear();
        this.writtenStates.clear();
        this.nextDueMs = Long.MIN_VALUE;
        this.observedStreamTimeMs = Long.MIN_VALUE;
    }

    @Override
    public void close() {
        writtenSlices.clear();
        writtenStates.clear();
    }

    @Override
    public void process(Record<String, ModelObservation> record) {
        if (observedStreamTimeMs == Long.MIN_VALUE) {
            observedStreamTimeMs = newestSliceStart();
        }
        observedStreamTimeMs = Math.max(observedStreamTimeMs, record.timestamp());
        long streamTime = observedStreamTimeMs;
        String model = record.key();
        long sliceStart = Math.floorDiv(record.timestamp(), advanceMs) * advanceMs;
        // Too late when even the last window holding the slice has closed (the DSL drops it the same way).
        if (streamTime < saturatedAdd(saturatedAdd(sliceStart, sizeMs), graceMs)) {
            String key = sliceKey(model, sliceStart);
            MetricsAccumulator slice = writtenSlices.get(key);
            if (slice == null) {
                slice = slices.get(key);
            }
            slice = (slice == null ? new MetricsAccumulator() : slice).add(record.value());
            slices.put(key, slice);
            writtenSlices.put(key, slice);
            RollingWindowState state = writtenStates.get(model);
            if (state == null) {
                state = states.get(model);
            }
            RollingWindowState updated = (state == null ? RollingWindowState.IDLE : state)
                    .withData(sliceStart, Math.max(saturatedAdd(sliceStart, advanceMs), firstOpenWindowEnd(streamTime)));
            if (!updated.equals(state)) {
                states.put(model, updated);
            }
            writtenStates.put(model, updated);
            nextDueMs = Math.min(nextDueMs, dueAt(updated));
        }
        if (streamTime >= nextDueMs) {
            publishDueWindows(streamTime);
        }
    }

    private long newestSliceStart() {
        long newest = Long.MIN_VALUE;
        try (KeyValueIterator<String, RollingWindowState> all = states.all()) {
            while (all.hasNext()) {
                newest = Math.max(newest, all.next().value.newestSliceStartMs());
            }
        }
        return newest;
    }

    /** The end of the earliest window still open at {@code streamTime}. */
    private long firstOpenWindowEnd(long streamTime) {
        return saturatedAdd(Math.floorDiv(saturatedSubtract(streamTime, graceMs), advanceMs) * advanceMs, advanceMs);
    }

    /** Never, for an idle state: its next window end is {@link Long#MAX_VALUE}, and the sum saturates there. */
    private long dueAt(RollingWindowState state) {
        return saturatedAdd(state.nextWindowEndMs(), graceMs);
    }

    private void publishDueWindows(long streamTime) {
        List<KeyValue<String, RollingWindowState>> models = new ArrayList<>();
        try (KeyValueIterator<String, RollingWindowState> all = states.all()) {
            all.forEachRemaining(models::add);
        }
        long due = Long.MAX_VALUE;
        for (KeyValue<String, RollingWindowState> entry : models) {
            String model = entry.key;
            RollingWindowState state = entry.value;
            long end = state.nextWindowEndMs();
            long lastEndWithData = saturatedAdd(state.newestSliceStartMs(), sizeMs);
            while (end != Long.MAX_VALUE && end <= lastEndWithData && saturatedAdd(end, graceMs) <= streamTime) {
                publish(model, end);
                // The oldest slice of this window belongs to no later one.
                String oldest = sliceKey(model, end - sizeMs);
                slices.delete(oldest);
                writtenSlices.remove(oldest);
                end = saturatedAdd(end, advanceMs);
            }
            RollingWindowState updated = end > lastEndWithData
                    ? RollingWindowState.IDLE
                    : new RollingWindowState(end, state.newestSliceStartMs());
            if (!updated.equals(state)) {
                states.put(model, updated);
            }
            writtenStates.put(model, updated);
            due = Math.min(due, dueAt(updated));
        }
        nextDueMs = due;
    }

    private void publish(String model, long endMs) {
        long startMs = endMs - sizeMs;
        MetricsAccumulator window = null;
        try (KeyValueIterator<String, MetricsAccumulator> range =
                slices.range(sliceKey(model, startMs), sliceKey(model, endMs - advanceMs))) {
            while (range.hasNext()) {
                MetricsAccumulator slice = range.next().value;
                window = window == null ? slice : window.merge(slice);
            }
        }
        if (window != null) {
            context.forward(new Record<>(model, new MetricsAccumulatorWindow(Instant.ofEpochMilli(startMs),
                    Instant.ofEpochMilli(endMs), window), endMs - 1));
        }
    }

    /**
     * Zero-padded, so that the byte order of the keys is the time order within one model. That order holds for
     * times from 1970 on (a '-' would sort first, then the digits the wrong way round), and {@link InputDecoder}
     * lets only recent event times in.
     */
    static String sliceKey(String model, long sliceStartMs) {
        return model + '@' + String.format(Locale.ROOT, "%019d", sliceStartMs);
    }
}
