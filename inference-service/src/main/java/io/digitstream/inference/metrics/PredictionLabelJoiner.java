package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ChallengerPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldMatch;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ModelRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Joins predictions with labels by image id, and form field readings with their true strings by field id, and turns
 * them into per-model observations, keyed by {@link MetricSeries} (role, model, version).
 *
 * <p>Every first prediction of an image yields one prediction observation per model plus one for the ensemble.
 * Once both sides of an image are known, and the label lies within the label delay of the prediction (before or
 * after it), each model also yields a labelled outcome. A field works the same way: its first reading yields one
 * field-read observation per model and the ensemble, and once its true string is known, each model's reading is
 * scored by {@link FieldMatch}. A stream-stream join would not do here: it forwards every
 * repeat of either side again, and it reports an image without a label only after its window closes.
 *
 * <p>Repeats of a prediction or a label are ignored while the image is remembered: from its first sighting until
 * the dedup retention has passed in event time. An expiry index (expiry time, then id) lets eviction read only
 * the entries that are due instead of scanning the whole store. Eviction follows the largest event time seen here
 * rather than a stream-time punctuation, because the task's stream time comes from the producers' record timestamps
 * while every time in this topology is the events' own. That is safe only because {@link InputDecoder} lets no
 * implausible event time through: one event from the far future would evict every image at once and then stop
 * eviction until that time. The arithmetic here saturates all the same, so no time can make it wrap around.
 */
final class PredictionLabelJoiner implements Processor<String, ImageEvent, String, ModelObservation> {

    /** The key under which the ensemble's observations are aggregated, beside the individual models. */
    static final String ENSEMBLE = "ensemble";

    private static final Logger LOG = Logger.getLogger(PredictionLabelJoiner.class);
    // Eviction runs ten times per retention period: entries live at most 10% longer than the retention.
    private static final int EVICTIONS_PER_RETENTION = 10;
    // Join keys are ids ([A-Za-z0-9._:-]) or field/ and an id: a space sorts before all of them, a tilde after all.
    private static final char BEFORE_ANY_ID = ' ';
    private static final char AFTER_ANY_ID = '~';

    private final MetricsStores stores;
    private final long labelMaxDelayMs;
    private final long retentionMs;
    private final long evictionIntervalMs;
    private long latestEventTimeMs = Long.MIN_VALUE;
    private long nextEvictionMs = Long.MIN_VALUE;
    private ProcessorContext<String, ModelObservation> context;
    private KeyValueStore<String, ImageJoinState> images;
    private KeyValueStore<String, String> expiryIndex;

    /**
     * @param stores the names of its stores: {@link MetricsStores#imageJoin()} and {@link MetricsStores#imageExpiry()}
     */
    PredictionLabelJoiner(MetricsStores stores, Duration labelMaxDelay, Duration dedupRetention) {
        this.stores = stores;
        this.labelMaxDelayMs = labelMaxDelay.toMillis();
        this.retentionMs = dedupRetention.toMillis();
        this.evictionIntervalMs = Math.max(1, retentionMs / EVICTIONS_PER_RETENTION);
    }

    @Override
    public void init(ProcessorContext<String, ModelObservation> context) {
        this.context = context;
        this.images = context.getStateStore(stores.imageJoin());
        this.expiryIndex = context.getStateStore(stores.imageExpiry());
    }

    @Override
    public void process(Record<String, ImageEvent> record) {
        ImageEvent event = record.value();
        String joinKey = event.joinKey();
        ImageJoinState state = images.get(joinKey);
        if (state == null) {
            state = ImageJoinState.firstSeenAt(event.eventTimeMs(), retentionMs);
            expiryIndex.put(expiryKey(state.expiresAtMs(), joinKey, BEFORE_ANY_ID), joinKey);
        }
        ImageJoinState updated;
        if (event.prediction() != null) {
            updated = onPrediction(state, event.prediction());
        } else if (event.label() != null) {
            updated = onLabel(state, event.label());
        } else if (event.fieldReading() != null) {
            updated = onFieldReading(state, event.fieldReading());
        } else {
            updated = onFieldLabel(state, event.fieldLabel());
        }
        images.put(joinKey, updated);
        maybeEvictExpired(event.eventTimeMs());
    }

    private ImageJoinState onPrediction(ImageJoinState state, DigitPrediction prediction) {
        if (state.predicted()) {
            LOG.debugf("Ignoring a repeated prediction for image %s", prediction.id());
            return state;
        }
        long predictedAtMs = prediction.predictedAt().toEpochMilli();
        double endToEndMs = TimeMath.millisBetween(prediction.capturedAt(), prediction.predictedAt());
        Map<String, Integer> digits = new LinkedHashMap<>();
        observeSet(ModelRole.CHAMPION, prediction.modelSet(), prediction.models(), prediction.ensemble(), predictedAtMs,
                endToEndMs, digits);
        ChallengerPrediction challenger = prediction.challenger();
        if (challenger != null) {
            // Scored like the champion on the same image, under its own series: never mixed into the champion's.
            observeSet(ModelRole.CHALLENGER, challenger.modelSet(), challenger.models(), challenger.ensemble(),
                    predictedAtMs, endToEndMs, digits);
        }
        ImageJoinState predicted = state.withPrediction(digits, predictedAtMs);
        if (predicted.labelled()) {
            forwardOutcomes(prediction.id(), predicted);
        }
        return predicted;
    }

    private void observeSet(ModelRole role, String modelSet, List<ModelPrediction> models, EnsemblePrediction ensemble,
            long predictedAtMs, double endToEndMs, Map<String, Integer> digits) {
        double ensembleLatencyMs = 0;
        for (ModelPrediction model : models) {
            String series = MetricSeries.key(role, model.model(), model.version());
            forward(ModelObservation.prediction(series, predictedAtMs, model.digit(), model.confidence(),
                    model.latencyMs(), endToEndMs));
            digits.put(series, model.digit());
            ensembleLatencyMs += model.latencyMs();
        }
        // The ensemble needs every model's answer, so its inference time is the sum of theirs.
        String series = MetricSeries.key(role, ENSEMBLE, ensembleVersion(modelSet, models));
        forward(ModelObservation.prediction(series, predictedAtMs, ensemble.digit(), ensemble.confidence(),
                ensembleLatencyMs, endToEndMs));
        digits.put(series, ensemble.digit());
    }

    /**
     * Readings name no challenger: a field is read by the champion only. A reading without digits names no model, so
     * only the ensemble counts it, under the reading's model set (and not at all without one).
     */
    private ImageJoinState onFieldReading(ImageJoinState state, FieldReading reading) {
        if (state.predicted()) {
            LOG.debugf("Ignoring a repeated reading for field %s", reading.id());
            return state;
        }
        long readAtMs = reading.readAt().toEpochMilli();
        Map<String, String> values = new LinkedHashMap<>();
        if (!reading.digits().isEmpty()) {
            Map<String, String> byModel = reading.valuesByModel();
            for (ModelPrediction model : reading.digits().get(0).models()) {
                values.put(MetricSeries.key(ModelRole.CHAMPION, model.model(), model.version()),
                        byModel.get(model.model()));
            }
        }
        String version = ensembleVersion(reading.modelSet(),
                reading.digits().isEmpty() ? List.of() : reading.digits().get(0).models());
        if (version != null) {
            values.put(MetricSeries.key(ModelRole.CHAMPION, ENSEMBLE, version), reading.value());
        }
        values.keySet().forEach(series -> forward(ModelObservation.fieldRead(series, readAtMs)));
        ImageJoinState read = state.withReading(values, readAtMs);
        if (read.labelled()) {
            forwardOutcomes(reading.id(), read);
        }
        return read;
    }

    /**
     * The ensemble's version: its model set's. Events written before sets were versioned name no set: their first
     * model's version stands for it; with no set and no model, there is none (null).
     */
    private static String ensembleVersion(String modelSet, List<ModelPrediction> models) {
        return modelSet != null ? modelSet : models.isEmpty() ? null : models.get(0).version();
    }

    private ImageJoinState onFieldLabel(ImageJoinState state, FieldLabel label) {
        if (state.labelled()) {
            if (!label.value().equals(state.trueValue())) {
                LOG.warnf("Field %s was labelled %s and now %s; keeping the first label", label.id(), state.trueValue(),
                        label.value());
            }
            return state;
        }
        ImageJoinState labelled = state.withTrueValue(label.value(), label.labeledAt().toEpochMilli());
        if (labelled.predicted()) {
            forwardOutcomes(label.id(), labelled);
        }
        return labelled;
    }

    private ImageJoinState onLabel(ImageJoinState state, DigitLabel label) {
        if (state.labelled()) {
            if (state.label() != label.label()) {
                LOG.warnf("Image %s was labelled %d and now %d; keeping the first label", label.id(), state.label(),
                        label.label());
            }
            return state;
        }
        ImageJoinState labelled = state.withLabel(label.label(), label.labeledAt().toEpochMilli());
        if (labelled.predicted()) {
            forwardOutcomes(label.id(), labelled);
        }
        return labelled;
    }

    private void forwardOutcomes(String imageId, ImageJoinState state) {
        long apartMs = TimeMath.saturatedSubtract(state.labeledAtMs(), state.predictedAtMs());
        if (apartMs > labelMaxDelayMs || apartMs < -labelMaxDelayMs) {
            LOG.debugf("Image %s: label and prediction are more than %d ms apart, not joined", imageId, labelMaxDelayMs);
            return;
        }
        long knownAtMs = Math.max(state.labeledAtMs(), state.predictedAtMs());
        if (state.readValues() != null) {
            state.readValues().forEach((series, value) -> forward(
                    ModelObservation.fieldOutcome(series, knownAtMs, FieldMatch.of(value, state.trueValue()))));
            return;
        }
        state.predictedDigits().forEach((model, digit) ->
                forward(ModelObservation.labelledOutcome(model, knownAtMs, digit, state.label())));
    }

    private void forward(ModelObservation observation) {
        context.forward(new Record<>(observation.model(), observation, observation.eventTimeMs()));
    }

    private void maybeEvictExpired(long eventTimeMs) {
        latestEventTimeMs = Math.max(latestEventTimeMs, eventTimeMs);
        // Before the epoch nothing in the index is known to be due: expiries before it are all filed at 0.
        if (latestEventTimeMs < nextEvictionMs || latestEventTimeMs < 0) {
            return;
        }
        nextEvictionMs = TimeMath.saturatedAdd(latestEventTimeMs, evictionIntervalMs);
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = expiryIndex.range(
                expiryKey(0, "", BEFORE_ANY_ID), expiryKey(latestEventTimeMs, "", AFTER_ANY_ID))) {
            entries.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            images.delete(entry.value);
            expiryIndex.delete(entry.key);
        }
    }

    /**
     * Zero-padded so that the string order of the keys is the order of the times. A negative time would not sort
     * ('-' comes before '0', then the digits the wrong way round), so an expiry before the epoch, which no plausible
     * event time gives, is filed at 0: before every later one, evicted at the first eviction after the epoch.
     */
    private static String expiryKey(long expiresAtMs, String imageId, char separator) {
        return String.format("%019d%c%s", Math.max(0, expiresAtMs), separator, imageId);
    }
}
