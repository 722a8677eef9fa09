package io.digitstream.inference.metrics;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one state-store update of the metrics topology costs: read the stored accumulator from bytes, add one
 * observation, write it back, as the caching and changelog layers of Kafka Streams do for every update, in the binary
 * store format ({@link MetricsStateSerdes}). Also compares, in the same run, the stored-histogram round trip in the earlier form (three significant digits, compressed encoding)
 * with the current one (two digits, plain encoding).
 *
 * <pre>
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.metrics.AccumulatorUpdateBenchmark -Dexec.args="20000"
 * </pre>
 * Argument: updates per measurement (20000); five rounds, the last is reported.
 */
public final class AccumulatorUpdateBenchmark {

    private AccumulatorUpdateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Random random = new Random(1);
        org.apache.kafka.common.serialization.Serde<MetricsAccumulator> serde = MetricsStateSerdes.accumulator();
        MetricsAccumulator accumulator = new MetricsAccumulator();
        for (int i = 0; i < 5000; i++) {
            accumulator.add(prediction(random, i));
        }
        byte[] stored = serde.serializer().serialize("t", accumulator);
        Histogram three = new Histogram(3);
        Histogram two = new Histogram(2);
        for (int i = 0; i < 5000; i++) {
            long micros = latencyMicros(random);
            three.recordValue(micros);
            two.recordValue(micros);
        }
        double predictionMicros = 0;
        double labelMicros = 0;
        double compressedMicros = 0;
        double plainMicros = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                MetricsAccumulator read = serde.deserializer().deserialize("t", stored);
                stored = serde.serializer().serialize("t", read.add(prediction(random, i)));
            }
            predictionMicros = (System.nanoTime() - start) / 1e3 / updates;
            start = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                MetricsAccumulator read = serde.deserializer().deserialize("t", stored);
                stored = serde.serializer().serialize("t", read.add(ModelObservation.labelledOutcome("cnn", i, 3, 3)));
            }
            labelMicros = (System.nanoTime() - start) / 1e3 / updates;
            compressedMicros = roundTripMicros(three, true, updates, random);
            plainMicros = roundTripMicros(two, false, updates, random);
        }
        System.out.printf(Locale.ROOT, "accumulator update, prediction observation: %.1f us (stored %d bytes)%n",
                predictionMicros, stored.length);
        System.out.printf(Locale.ROOT, "accumulator update, labelled outcome:       %.1f us%n", labelMicros);
        System.out.printf(Locale.ROOT, "histogram round trip, 3 digits compressed:  %.1f us%n", compressedMicros);
        System.out.printf(Locale.ROOT, "histogram round trip, 2 digits plain:       %.1f us (%.1fx cheaper)%n",
                plainMicros, compressedMicros / plainMicros);
    }

    private static double roundTripMicros(Histogram histogram, boolean compressed, int updates, Random random)
            throws DataFormatException {
        Histogram current = histogram;
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            ByteBuffer buffer = ByteBuffer.allocate(current.getNeededByteBufferCapacity());
            if (compressed) {
                current.encodeIntoCompressedByteBuffer(buffer);
                buffer.flip();
                current = Histogram.decodeFromCompressedByteBuffer(buffer, 0);
            } else {
                current.encodeIntoByteBuffer(buffer);
                buffer.flip();
                current = Histogram.decodeFromByteBuffer(buffer, 0);
            }
            current.setAutoResize(true);
            current.recordValue(latencyMicros(random));
        }
        return (System.nanoTime() - start) / 1e3 / updates;
    }

    private static ModelObservation prediction(Random random, long eventTimeMs) {
        return ModelObservation.prediction("cnn", eventTimeMs, random.nextInt(10), 0.5 + random.nextDouble() / 2,
                latencyMicros(random) / 1000.0, 50 + random.nextDouble() * 500);
    }

    private static long latencyMicros(Random random) {
        return 300 + (long) (random.nextDouble() * random.nextDouble() * 5000);
    }
}
