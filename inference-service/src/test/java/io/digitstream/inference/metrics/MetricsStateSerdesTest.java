package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.schemas.FieldMatch;
import io.digitstream.schemas.FieldMetrics;
import io.digitstream.schemas.ModelMetrics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
                ModelObservation.labelledOutcome("mlp", 6, 2, 0), ModelObservation.fieldRead("cnn", 7),
                ModelObservation.fieldOutcome("cnn", 8, new FieldMatch(5, 4, true)),
                ModelObservation.fieldOutcome("cnn", 9, new FieldMatch(3, 0, false)))) {
            assertEquals(observation, serde.deserializer().deserialize("t", serde.serializer().serialize("t", observation)));
        }
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void fieldCountsRoundTripAndMerge() {
        Serde<MetricsAccumulator> serde = MetricsStateSerdes.accumulator();
        MetricsAccumulator fields = sample();
        fields.add(ModelObservation.fieldRead("cnn", 4_000));
        fields.add(ModelObservation.fieldRead("cnn", 4_100));
        fields.add(ModelObservation.fieldOutcome("cnn", 5_000, FieldMatch.of("12345", "12345")));
        fields.add(ModelObservation.fieldOutcome("cnn", 5_100, FieldMatch.of("1235", "12345")));
        MetricsAccumulator restored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", fields));
        assertEquals(new FieldMetrics(2, 2, 0.5, 0.5, 0.5), summary(restored).fields());
        assertEquals(summary(fields), summary(restored));
        assertEquals(new FieldMetrics(4, 4, 0.5, 0.5, 0.5), summary(restored.merge(fields)).fields());
        assertNull(summary(sample()).fields(), "no field seen: no fields block");
    }

    /** Stores and the repartition topic hold format 1 after an upgrade: it is still read, with no field counts. */
    @Test
    void readsTheFormatWrittenBeforeFields() throws Exception {
        ByteArrayOutputStream observation = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(observation)) {
            out.writeByte(1);
            out.writeUTF("mlp");
            out.writeLong(6);
            out.writeInt(2);
            out.writeInt(0);
            out.writeDouble(0);
            out.writeDouble(0);
            out.writeDouble(0);
        }
        assertEquals(ModelObservation.labelledOutcome("mlp", 6, 2, 0),
                MetricsStateSerdes.observation().deserializer().deserialize("t", observation.toByteArray()));

        byte[] written = MetricsStateSerdes.accumulator().serializer().serialize("t", sample());
        // Format 2 appends six longs of field counts to format 1.
        byte[] firstFormat = java.util.Arrays.copyOf(written, written.length - 6 * Long.BYTES);
        firstFormat[0] = 1;
        MetricsAccumulator old = MetricsStateSerdes.accumulator().deserializer().deserialize("t", firstFormat);
        assertEquals(summary(sample()), summary(old));
        old.add(ModelObservation.fieldRead("cnn", 4_000));
        assertEquals(new FieldMetrics(1, 0, null, null, null), summary(old).fields());
    }

    @Test
    void refusesAnUnknownKindOrAnImpossibleFieldMatch() throws Exception {
        Serde<ModelObservation> serde = MetricsStateSerdes.observation();
        byte[] valid = serde.serializer().serialize("t", ModelObservation.fieldOutcome("cnn", 8, new FieldMatch(5, 4, true)));
        byte[] unknownKind = valid.clone();
        unknownKind[1 + 2 + "cnn".length() + Long.BYTES] = 9;
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", unknownKind));
        byte[] moreRightThanDigits = valid.clone();
        moreRightThanDigits[valid.length - 2] = 6;   // digitsRight 6 of 5
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", moreRightThanDigits));
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
