package io.digitstream.inference.metrics;

import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventReader;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldReadingSerde;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.ModelMetricsSerde;
import io.digitstream.schemas.WindowKind;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live metrics topology: predictions and labels, field readings and field labels in, {@link ModelMetrics} per
 * model out, rolling and cumulative.
 * Every store is persistent and backed by a changelog topic, so a restart resumes the counts instead of resetting
 * them; with {@code exactly_once_v2} a crash between two commits can neither lose nor double an event.
 */
@ApplicationScoped
public class MetricsTopologyProducer {

    static final String OBSERVATIONS_BY_MODEL = "observations-by-model";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Consumed<String, byte[]> RAW_INPUT = Consumed.with(KEYS, Serdes.ByteArray());

    private final LiveMetricsConfig config;
    /** Added to the topology under these names, and handed to the processors that use them. */
    private final MetricsStores stores = MetricsStores.NAMES;
    private final EventReader<DigitPrediction> predictionReader;
    private final EventReader<DigitLabel> labelReader;
    private final EventReader<FieldReading> fieldReadingReader;
    private final EventReader<FieldLabel> fieldLabelReader;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final TopicNames topics;
    private final PopulationStabilityIndex drift;

    /**
     * @param maxPayloadBytes the largest prediction or label value read at all, as on {@code digits.images}: a larger
     *                        one is a {@code payload-too-large} dead letter
     * @param maxRecordBytes  the largest record the topology's producer may write ({@code max.request.size}): the
     *                        budget of every dead letter
     */
    @Inject
    public MetricsTopologyProducer(LiveMetricsConfig config, EventTimeWindow timeWindow,
            @ConfigProperty(name = "digitstream.limits.max-payload-bytes") int maxPayloadBytes,
            @ConfigProperty(name = "digitstream.limits.max-record-bytes") int maxRecordBytes,
            TopologyFailureMeters meters, TopicNames topics) {
        this(config, timeWindow, maxPayloadBytes, new DeadLetters(maxRecordBytes, meters), Clock.systemUTC(), topics);
    }

    MetricsTopologyProducer(LiveMetricsConfig config, EventTimeWindow timeWindow, int maxPayloadBytes,
            DeadLetters deadLetters, Clock clock, TopicNames topics) {
        if (config.dedupRetention().compareTo(config.labelMaxDelay()) < 0) {
            throw new IllegalArgumentException("digitstream.metrics.dedup-retention (" + config.dedupRetention()
                    + ") must be at least digitstream.metrics.label-max-delay (" + config.labelMaxDelay()
                    + "), or an image would be forgotten before its label may arrive");
        }
        this.config = config;
        // The validator only names the violations of events the typed parse refuses: for these two types that refuses
        // the same events (schemas' ExamplesTest), at a fraction of the cost per event.
        this.predictionReader = EventReader.predictions(
                new DigitPredictionSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), maxPayloadBytes, timeWindow);
        this.labelReader = EventReader.labels(
                new DigitLabelSerde.Deserializer().checkingSchemaOnlyOnParseFailure(), maxPayloadBytes, timeWindow);
        // Fields are fewer and larger: their readers validate every event against the schema, the plain way.
        this.fieldReadingReader = EventReader.fieldReadings(new FieldReadingSerde.Deserializer(), maxPayloadBytes,
                timeWindow);
        this.fieldLabelReader = EventReader.fieldLabels(new FieldLabelSerde.Deserializer(), maxPayloadBytes, timeWindow);
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.topics = topics;
        this.drift = new PopulationStabilityIndex(config.trainingClassCounts());
    }

    /**
     * Every processor of ours is wrapped so that a record it fails on becomes a dead letter
     * ({@link DeadLetteringProcessor}); the dead letters of each sub-topology go to the DLQ through their own sink, so
     * the repartition topic stays the only link between the two (merging across it would fuse them into one).
     */
    @Produces
    @LookupIfProperty(name = "digitstream.live-metrics.enabled", stringValue = "true")
    public Topology buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stores.imageJoin()), KEYS, jsonSerde(ImageJoinState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stores.imageExpiry()), KEYS, KEYS));
        Serde<ModelObservation> observationSerde = MetricsStateSerdes.observation();
        Serde<MetricsAccumulator> accumulatorSerde = MetricsStateSerdes.accumulator();

        List<KStream<String, DeadLetter>> inputDeadLetters = new ArrayList<>();
        KStream<String, ValueOrDeadLetter<ImageEvent>> predictions = builder.stream(topics.predictions(), RAW_INPUT)
                .processValues(() -> new InputDecoder<DigitPrediction>(predictionReader, ImageEvent::of, deadLetters),
                        Named.as("decode-predictions"));
        KStream<String, ValueOrDeadLetter<ImageEvent>> labels = builder.stream(topics.labels(), RAW_INPUT)
                .processValues(() -> new InputDecoder<DigitLabel>(labelReader, ImageEvent::of, deadLetters),
                        Named.as("decode-labels"));
        KStream<String, ValueOrDeadLetter<ImageEvent>> fieldReadings = builder.stream(topics.fieldReadings(), RAW_INPUT)
                .processValues(() -> new InputDecoder<FieldReading>(fieldReadingReader, ImageEvent::of, deadLetters),
                        Named.as("decode-field-readings"));
        KStream<String, ValueOrDeadLetter<ImageEvent>> fieldLabels = builder.stream(topics.fieldLabels(), RAW_INPUT)
                .processValues(() -> new InputDecoder<FieldLabel>(fieldLabelReader, ImageEvent::of, deadLetters),
                        Named.as("decode-field-labels"));
        KStream<String, ImageEvent> inputs = valuesOf(predictions.merge(labels).merge(fieldReadings).merge(fieldLabels),
                inputDeadLetters);

        KStream<String, ModelObservation> observationsByModel = valuesOf(inputs
                .process(() -> deadLettering("join", new PredictionLabelJoiner(stores, config.labelMaxDelay(),
                        config.dedupRetention()), ImageEvent::bytes), stores.imageJoin(), stores.imageExpiry()),
                inputDeadLetters)
                .repartition(Repartitioned.with(KEYS, observationSerde).withName(OBSERVATIONS_BY_MODEL));
        toDeadLetterTopic(inputDeadLetters);

        Serializer<ModelObservation> observationBytes = observationSerde.serializer();
        Serializer<MetricsAccumulator> accumulatorBytes = accumulatorSerde.serializer();
        List<KStream<String, DeadLetter>> aggregateDeadLetters = new ArrayList<>();
        // Rolling windows from 10-s slices (RollingWindowPublisher): one store update per observation instead of
        // one per overlapping hopping window.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stores.rollingSlices()), KEYS, accumulatorSerde).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stores.rollingState()), KEYS, jsonSerde(RollingWindowState.class)));
        KStream<String, MetricsAccumulatorWindow> rollingWindows = valuesOf(observationsByModel
                .process(() -> deadLettering("rolling-windows", new RollingWindowPublisher(stores,
                        config.window().size().toMillis(), config.window().advance().toMillis(),
                        config.window().grace().toMillis()), observation -> observationBytes.serialize(null, observation)),
                        Named.as("rolling-windows"), stores.rollingSlices(), stores.rollingState()),
                aggregateDeadLetters);
        KStream<String, ModelMetrics> rolling = valuesOf(rollingWindows
                .process(() -> deadLettering("rolling-metrics", new MappingProcessor<>(this::rollingMetrics),
                        window -> accumulatorBytes.serialize(null, window.metrics())), Named.as("rolling-metrics")),
                aggregateDeadLetters);

        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(stores.cumulative()), KEYS, accumulatorSerde)
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(stores.cumulativePending()), KEYS, Serdes.Long()));
        KStream<String, MetricsAccumulator> cumulativeTotals = valuesOf(observationsByModel
                .process(() -> deadLettering("cumulative", new CumulativePublisher(stores,
                        config.cumulativeEmitInterval().toMillis()),
                        observation -> observationBytes.serialize(null, observation)),
                        Named.as("cumulative"), stores.cumulative(), stores.cumulativePending()),
                aggregateDeadLetters);
        KStream<String, ModelMetrics> cumulative = valuesOf(cumulativeTotals
                .process(() -> deadLettering("cumulative-metrics", new MappingProcessor<>(this::cumulativeMetrics),
                        totals -> accumulatorBytes.serialize(null, totals)), Named.as("cumulative-metrics")),
                aggregateDeadLetters);

        rolling.merge(cumulative).to(topics.metrics(), Produced.with(KEYS, new ModelMetricsSerde()));
        toDeadLetterTopic(aggregateDeadLetters);
        return builder.build();
    }

    /** {@code processor}, whose failures on a record become dead letters keeping {@code inputBytes} of it. */
    private <VIn, VOut> DeadLetteringProcessor<VIn, VOut> deadLettering(String step,
            Processor<String, VIn, String, VOut> processor, Function<VIn, byte[]> inputBytes) {
        return new DeadLetteringProcessor<>(step, processor, inputBytes, deadLetters);
    }

    /** The values of {@code routed}; its dead letters are added to {@code deadLetters}. */
    private static <V> KStream<String, V> valuesOf(KStream<String, ValueOrDeadLetter<V>> routed,
            List<KStream<String, DeadLetter>> deadLetters) {
        deadLetters.add(routed.filter((key, routedValue) -> routedValue.isDeadLetter())
                .mapValues(ValueOrDeadLetter::deadLetter));
        return routed.filterNot((key, routedValue) -> routedValue.isDeadLetter()).mapValues(ValueOrDeadLetter::value);
    }

    private void toDeadLetterTopic(List<KStream<String, DeadLetter>> deadLetters) {
        deadLetters.stream().reduce(KStream::merge).orElseThrow()
                .process(DeadLetterForwarder::new)
                .to(topics.dlq(), Produced.with(KEYS, Serdes.ByteArray()));
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
