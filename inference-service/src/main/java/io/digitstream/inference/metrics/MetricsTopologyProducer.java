package io.digitstream.inference.metrics;

import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.Topics;
import io.digitstream.schemas.WindowKind;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The live metrics topology: predictions and labels in, {@link ModelMetrics} per model out, rolling and cumulative.
 * Every store is persistent and backed by a changelog topic, so a restart resumes the counts instead of resetting
 * them; with {@code exactly_once_v2} a crash between two commits can neither lose nor double an event.
 */
@ApplicationScoped
public class MetricsTopologyProducer {

    static final String IMAGE_JOIN_STORE = "image-join-state";
    static final String IMAGE_EXPIRY_STORE = "image-join-expiry";
    static final String OBSERVATIONS_BY_MODEL = "observations-by-model";
    static final String ROLLING_SLICES_STORE = "rolling-metrics-slices";
    static final String ROLLING_STATE_STORE = "rolling-metrics-state";
    static final String CUMULATIVE_STORE = "cumulative-metrics";
    static final String CUMULATIVE_PENDING_STORE = "cumulative-metrics-pending";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Consumed<String, byte[]> RAW_INPUT = Consumed.with(KEYS, Serdes.ByteArray());

    private final LiveMetricsConfig config;
    private final Clock clock;
    private final PopulationStabilityIndex drift;

    @Inject
    public MetricsTopologyProducer(LiveMetricsConfig config) {
        this(config, Clock.systemUTC());
    }

    MetricsTopologyProducer(LiveMetricsConfig config, Clock clock) {
        if (config.dedupRetention().compareTo(config.labelMaxDelay()) < 0) {
            throw new IllegalArgumentException("digitstream.metrics.dedup-retention (" + config.dedupRetention()
                    + ") must be at least digitstream.metrics.label-max-delay (" + config.labelMaxDelay()
                    + "), or an image would be forgotten before its label may arrive");
        }
        this.config = config;
        this.clock = clock;
        this.drift = new PopulationStabilityIndex(config.trainingClassCounts());
    }

    @Produces
    public Topology buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IMAGE_JOIN_STORE), KEYS, jsonSerde(ImageJoinState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IMAGE_EXPIRY_STORE), KEYS, KEYS));
        Serde<ModelObservation> observationSerde = MetricsStateSerdes.observation();
        Serde<MetricsAccumulator> accumulatorSerde = MetricsStateSerdes.accumulator();

        KStream<String, DecodedInput> predictions = builder.stream(Topics.PREDICTIONS, RAW_INPUT)
                // The validator only names the violations of events the typed parse refuses: for these two types that
                // refuses the same events (schemas' ExamplesTest), at a fraction of the cost per event.
                .processValues(() -> new InputDecoder<>(
                        new DigitPredictionSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), ImageEvent::of),
                        Named.as("decode-predictions"));
        KStream<String, DecodedInput> labels = builder.stream(Topics.LABELS, RAW_INPUT)
                .processValues(() -> new InputDecoder<>(
                        new DigitLabelSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), ImageEvent::of),
                        Named.as("decode-labels"));
        KStream<String, DecodedInput> inputs = predictions.merge(labels);

        inputs.filter((imageId, input) -> input.isRejected())
                .mapValues(DecodedInput::rejectedBytes)
                .to(Topics.DLQ, Produced.with(KEYS, Serdes.ByteArray()));

        KStream<String, ModelObservation> observationsByModel = inputs
                .filterNot((imageId, input) -> input.isRejected())
                .mapValues(DecodedInput::event)
                .process(() -> new PredictionLabelJoiner(config.labelMaxDelay(), config.dedupRetention()),
                        IMAGE_JOIN_STORE, IMAGE_EXPIRY_STORE)
                .repartition(Repartitioned.with(KEYS, observationSerde).withName(OBSERVATIONS_BY_MODEL));

        // Rolling windows from 10-s slices (RollingWindowPublisher): one store update per observation instead of
        // one per overlapping hopping window.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROLLING_SLICES_STORE), KEYS, accumulatorSerde).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROLLING_STATE_STORE), KEYS, jsonSerde(RollingWindowState.class)));
        KStream<String, ModelMetrics> rolling = observationsByModel
                .process(() -> new RollingWindowPublisher(config.window().size().toMillis(),
                        config.window().advance().toMillis(), config.window().grace().toMillis()),
                        Named.as("rolling-windows"), ROLLING_SLICES_STORE, ROLLING_STATE_STORE)
                .mapValues((model, window) -> rollingMetrics(model, window));

        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(CUMULATIVE_STORE), KEYS, accumulatorSerde).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CUMULATIVE_PENDING_STORE), KEYS, Serdes.Long()));
        KStream<String, ModelMetrics> cumulative = observationsByModel
                .process(() -> new CumulativePublisher(config.cumulativeEmitInterval().toMillis()),
                        Named.as("cumulative"), CUMULATIVE_STORE, CUMULATIVE_PENDING_STORE)
                .mapValues(this::cumulativeMetrics);

        rolling.merge(cumulative).to(Topics.METRICS, Produced.with(KEYS, new ModelMetricsSerde()));
        return builder.build();
    }

    private ModelMetrics rollingMetrics(String model, MetricsAccumulatorWindow window) {
        return window.metrics().toModelMetrics(model, WindowKind.ROLLING, window.start(), window.end(),
                Duration.between(window.start(), window.end()), drift, clock.instant());
    }

    private ModelMetrics cumulativeMetrics(String model, MetricsAccumulator metrics) {
        Instant start = metrics.firstEvent();
        Instant end = metrics.lastEvent();
        return metrics.toModelMetrics(model, WindowKind.CUMULATIVE, start, end, Duration.between(start, end), drift,
                clock.instant());
    }

    // The strict event mapper also guards the state: a stored value of the wrong shape fails loudly.
    private static <T> Serde<T> jsonSerde(Class<T> type) {
        return new ObjectMapperSerde<>(type, EventJson.mapper());
    }
}
