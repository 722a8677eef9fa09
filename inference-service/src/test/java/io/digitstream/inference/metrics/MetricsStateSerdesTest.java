package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.WindowKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MetricsStateSerdesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PopulationStabilityIndex DRIFT =
            new PopulationStabilityIndex(TestMetricsConfig.MNIST_TRAINING_CLASS_COUNTS);

    private static MetricsAccumulator sample() {
        MetricsAccumulator accumulator = new MetricsAccumulator();
        accumulator.add(ModelObservation.prediction("cnn", 1_000, 3, 0.95, 1.5, 120));
        accumulator.add(ModelObservation.prediction("cnn", 2_000, 7, 0.55, 4.0, 300));
        accumulator.add(ModelObservation.labelledOutcome("cnn", 3_000, 7, 1));
        return accumulator;
    }

    private static ModelMetrics summary(MetricsAccumulator accumulator) {
        return accumulator.toModelMetrics(Events.series("cnn"), WindowKind.ROLLING, T0, T0.plusSeconds(60), Duration.ofMinutes(1),
                DRIFT, T0);
    }

    @Test
    void accumulatorRoundTripsAndKeepsCounting() {
        Serde<MetricsAccumulator> serde = MetricsStateSerdes.accumulator();
        MetricsAccumulator restored = serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", sample()));
        assertEquals(summary(sample()), summary(restored));

        restored.add(ModelObservation.prediction("cnn", 4_000, 1, 0.9, 2.0, 200));
        MetricsAccumulator expected = sample().add(ModelObservation.prediction("cnn", 4_000, 1, 0.9, 2.0, 200));
        MetricsAccumulator again = serde.deserializer().deserialize("t", serde.serializer().serialize("t", restored));
        assertEquals(summary(expected), summary(again));
        assertEquals(3, summary(again).predictedCount());
    }

    @Test
    void observationsRoundTripWithAndWithoutLabel() {
        Serde<ModelObservation> serde = MetricsStateSerdes.observation();
        for (ModelObservation observation : List.of(ModelObservation.prediction("ensemble", 5, 9, 0.7, 3.25, 41.5),
                ModelObservation.labelledOutcome("mlp", 6, 2, 0))) {
            assertEquals(observation, serde.deserializer().deserialize("t", serde.serializer().serialize("t", observation)));
        }
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void refusesAnUnknownFormatAndLeftoverBytes() {
        Serde<ModelObservation> serde = MetricsStateSerdes.observation();
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}));
        byte[] json = "{\"predictedCount\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(SerializationException.class,
                () -> MetricsStateSerdes.accumulator().deserializer().deserialize("t", json));
        byte[] valid = serde.serializer().serialize("t", ModelObservation.labelledOutcome("mlp", 6, 2, 0));
        byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", longer));
    }
}
