package io.digitstream.inference.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Everything each model has seen since the application first ran, published at most once per {@code interval} of
 * stream time per model: what a DSL {@code aggregate} with {@code suppress(untilTimeLimit)} gives, without decoding
 * the aggregate on every update and writing every change a second time into the suppression buffer. The aggregate
 * store keeps the DSL's timestamped format and name, so the counts of an earlier version carry on.
 *
 * <p>A model's latest totals are published once stream time has moved {@code interval} past its first unpublished
 * update, including the update that moved it; the time of that first update is kept in a store too, so a restart
 * publishes what was pending.
 */
final class CumulativePublisher implements Processor<String, ModelObservation, String, MetricsAccumulator> {

    private final MetricsStores stores;
    private final long intervalMs;
    private ProcessorContext<String, MetricsAccumulator> context;
    private TimestampedKeyValueStore<String, MetricsAccumulator> totals;
    private KeyValueStore<String, Long> pendingSince;
    /** Written-through copies (see {@link RollingWindowPublisher}); cleared whenever the task is (re)initialised. */
    private final Map<String, MetricsAccumulator> writtenTotals = new HashMap<>();
    private final Map<String, Long> pending = new HashMap<>();
    private long observedStreamTimeMs = Long.MIN_VALUE;

    /**
     * @param stores the names of its stores: {@link MetricsStores#cumulative()} and {@link MetricsStores#cumulativePending()}
     */
    CumulativePublisher(MetricsStores stores, long intervalMs) {
        this.stores = stores;
        this.intervalMs = intervalMs;
    }

    @Override
    public void init(ProcessorContext<String, MetricsAccumulator> context) {
        this.context = context;
        this.totals = context.getStateStore(stores.cumulative());
        this.pendingSince = context.getStateStore(stores.cumulativePending());
        writtenTotals.clear();
        pending.clear();
        observedStreamTimeMs = Long.MIN_VALUE;
        try (KeyValueIterator<String, Long> all = pendingSince.all()) {
            all.forEachRemaining(entry -> {
                pending.put(entry.key, entry.value);
                observedStreamTimeMs = Math.max(observedStreamTimeMs, entry.value);
            });
        }
    }

    @Override
    public void close() {
        writtenTotals.clear();
        pending.clear();
    }

    @Override
    public void process(Record<String, ModelObservation> record) {
        String model = record.key();
        observedStreamTimeMs = Math.max(observedStreamTimeMs, record.timestamp());
        MetricsAccumulator total = writtenTotals.get(model);
        if (total == null) {
            ValueAndTimestamp<MetricsAccumulator> stored = totals.get(model);
            total = stored == null ? new MetricsAccumulator() : stored.value();
        }
        total.add(record.value());
        totals.put(model, ValueAndTimestamp.make(total, total.lastEvent().toEpochMilli()));
        writtenTotals.put(model, total);
        if (!pending.containsKey(model)) {
            pending.put(model, observedStreamTimeMs);
            pendingSince.put(model, observedStreamTimeMs);
        }
        publishDue();
    }

    private void publishDue() {
        var due = pending.entrySet().iterator();
        while (due.hasNext()) {
            Map.Entry<String, Long> entry = due.next();
            if (TimeMath.saturatedSubtract(observedStreamTimeMs, entry.getValue()) >= intervalMs) {
                String model = entry.getKey();
                MetricsAccumulator total = writtenTotals.get(model);
                if (total == null) {
                    total = totals.get(model).value();
                }
                context.forward(new Record<>(model, total, total.lastEvent().toEpochMilli()));
                due.remove();
                pendingSince.delete(model);
            }
        }
    }
}
