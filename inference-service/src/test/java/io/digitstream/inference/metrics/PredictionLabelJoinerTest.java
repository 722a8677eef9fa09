package io.digitstream.inference.metrics;

import static io.digitstream.inference.metrics.Events.label;
import static io.digitstream.inference.metrics.Events.unanimous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EventJson;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The join on its own, with times the topology's plausibility check would never let through: whatever they are,
 * its arithmetic must not overflow (a capture in the year 0 and a prediction in the year 9999 are 3e14 ms apart,
 * beyond what {@code Duration.toNanos} can hold).
 */
class PredictionLabelJoinerTest {

    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59.999Z");

    private final MockProcessorContext<String, ModelObservation> context = new MockProcessorContext<>();
    private final PredictionLabelJoiner joiner = new PredictionLabelJoiner(MetricsStores.NAMES,
            Duration.ofMinutes(5), Duration.ofMinutes(15));

    @BeforeEach
    void initWithStores() {
        addStore(MetricsStores.NAMES.imageJoin(), new ObjectMapperSerde<>(ImageJoinState.class, EventJson.mapper()));
        addStore(MetricsStores.NAMES.imageExpiry(), Serdes.String());
        joiner.init(context);
    }

    @Test
    void eventTimesMillenniaApartNeitherOverflowNorJoin() {
        DigitPrediction prediction = unanimous("far", YEAR_9999, 3);
        DigitPrediction spanningAllTime = new DigitPrediction(prediction.id(), prediction.models(),
                prediction.ensemble(), prediction.agreement(), YEAR_0, YEAR_0, YEAR_9999);
        joiner.process(new Record<>("far", ImageEvent.of(spanningAllTime, new byte[0]), YEAR_9999.toEpochMilli()));
        DigitLabel ancientLabel = label("far", 3, YEAR_0);
        // Kafka timestamps are never negative; the join reads the event's own time.
        joiner.process(new Record<>("far", ImageEvent.of(ancientLabel, new byte[0]), 0));

        List<ModelObservation> observations = context.forwarded().stream()
                .<ModelObservation>map(f -> f.record().value()).toList();
        assertEquals(3, observations.size(), "one prediction observation per model and the ensemble, no outcome");
        double allTimeMs = TimeMath.millisBetween(YEAR_0, YEAR_9999);
        assertTrue(allTimeMs > 3e14);
        observations.forEach(observation -> {
            assertEquals(allTimeMs, observation.endToEndLatencyMs(), observation::toString);
            assertTrue(!observation.isLabelledOutcome(), "labelled 10,000 years apart: not joined");
        });
    }

    @Test
    void anImageFromBeforeTheEpochIsForgottenOnceDue() {
        // A label: a prediction this old could not even be forwarded (Kafka timestamps are never negative).
        joiner.process(new Record<>("old", ImageEvent.of(label("old", 1, YEAR_0), new byte[0]), 0));
        KeyValueStore<String, ImageJoinState> images = context.getStateStore(MetricsStores.NAMES.imageJoin());
        assertTrue(images.get("old") != null, "remembered until its retention has passed");
        Instant recent = Instant.parse("2026-01-01T00:00:00Z");
        joiner.process(new Record<>("new", ImageEvent.of(unanimous("new", recent, 1), new byte[0]),
                recent.toEpochMilli()));

        assertEquals(null, images.get("old"), "its expiry sorts before every recent one and is evicted");
        assertTrue(images.get("new") != null);
    }

    private <V> void addStore(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
