package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.WindowKind;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void scoresAverageOverTheDigitsThatOccur() {
        ConfusionMatrix matrix = new ConfusionMatrix();
        // true -> predicted: 1->1 twice, 1->2, 2->2, 4->1.
        matrix.record(1, 1);
        matrix.record(1, 1);
        matrix.record(1, 2);
        matrix.record(2, 2);
        matrix.record(4, 1);

        assertEquals(5, matrix.total());
        assertEquals(3.0 / 5, matrix.accuracy(), 1e-12);
        // Digits 1, 2, 4. Precision: 1 -> 2/3, 2 -> 1/2, 4 -> 0 (never predicted).
        assertEquals((2.0 / 3 + 1.0 / 2 + 0) / 3, matrix.macroPrecision(), 1e-12);
        // Recall: 1 -> 2/3, 2 -> 1, 4 -> 0.
        assertEquals((2.0 / 3 + 1 + 0) / 3, matrix.macroRecall(), 1e-12);
        // F1: 1 -> 2/3, 2 -> 2 * 0.5 * 1 / 1.5 = 2/3, 4 -> 0.
        assertEquals((2.0 / 3 + 2.0 / 3 + 0) / 3, matrix.macroF1(), 1e-12);
    }

    @Test
    void withoutLabelsThereIsNoScore() {
        ConfusionMatrix empty = new ConfusionMatrix();
        assertEquals(0, empty.total());
        assertNull(empty.accuracy());
        assertNull(empty.macroPrecision());
        assertNull(empty.macroRecall());
        assertNull(empty.macroF1());
    }

    @Test
    void survivesTheStateStoreRoundTrip() {
        // The matrix is stored inside its accumulator, in the accumulator's binary form.
        MetricsAccumulator accumulator = new MetricsAccumulator();
        accumulator.add(ModelObservation.labelledOutcome("cnn", 1_000, 1, 7));
        accumulator.add(ModelObservation.labelledOutcome("cnn", 2_000, 7, 7));
        Serde<MetricsAccumulator> serde = MetricsStateSerdes.accumulator();
        MetricsAccumulator restoredAccumulator =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", accumulator));
        Instant t0 = Instant.EPOCH;
        ModelMetrics restored = restoredAccumulator.toModelMetrics("cnn", WindowKind.CUMULATIVE, t0, t0,
                Duration.ZERO, new PopulationStabilityIndex(TestMetricsConfig.MNIST_TRAINING_CLASS_COUNTS), t0);
        assertEquals(0.5, restored.accuracy(), 1e-12);
        assertEquals(2, restored.labelledCount());
    }
}
