package io.digitstream.inference.metrics;

import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelMetrics;
import io.digitstream.schemas.WindowKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The running state behind one {@link ModelMetrics} (one model, one window): counts, a confusion matrix and two
 * latency histograms. It is the value of the windowed and cumulative state stores, in the binary form of
 * {@link #writeTo} (see {@link MetricsStateSerdes}) with the histograms in HdrHistogram's plain encoding (see
 * {@link LatencyHistogram}).
 */
final class MetricsAccumulator {

    private static final int CONFIDENCE_BUCKETS = 10;
    private static final double NANOS_PER_SECOND = 1e9;

    private long predictedCount;
    private double confidenceSum;
    private long[] confidenceHistogram = new long[CONFIDENCE_BUCKETS];
    private long[] predictedClassCounts = new long[ConfusionMatrix.CLASSES];
    private LatencyHistogram inferenceLatency = new LatencyHistogram();
    private LatencyHistogram endToEndLatency = new LatencyHistogram();
    private ConfusionMatrix confusion = new ConfusionMatrix();
    private FieldCounts fields = new FieldCounts();
    private long firstEventMs = Long.MAX_VALUE;
    private long lastEventMs = Long.MIN_VALUE;

    /**
     * Adds one observation; shaped as a Kafka Streams {@code Aggregator} (returns the updated aggregate). An
     * observation that would index outside the counts is refused before anything changes, so the accumulator (often
     * the very object its processor keeps as the store's copy) is never left half-updated.
     *
     * @throws IllegalArgumentException when a digit is outside 0..9 or the confidence outside [0, 1]
     */
    MetricsAccumulator add(ModelObservation observation) {
        requireCountable(observation);
        firstEventMs = Math.min(firstEventMs, observation.eventTimeMs());
        lastEventMs = Math.max(lastEventMs, observation.eventTimeMs());
        switch (observation.kind()) {
            case LABELLED_OUTCOME -> confusion.record(observation.trueDigit(), observation.predictedDigit());
            case FIELD_READ -> fields.recordRead();
            case FIELD_OUTCOME -> fields.record(observation.field());
            case PREDICTION -> addPrediction(observation);
        }
        return this;
    }

    private void addPrediction(ModelObservation observation) {
        predictedCount++;
        confidenceSum += observation.confidence();
        confidenceHistogram[confidenceBucket(observation.confidence())]++;
        predictedClassCounts[observation.predictedDigit()]++;
        inferenceLatency.recordMillis(observation.inferenceLatencyMs());
        endToEndLatency.recordMillis(observation.endToEndLatencyMs());
    }

    private static void requireCountable(ModelObservation observation) {
        boolean digitsValid = observation.predictedDigit() >= 0 && observation.predictedDigit() < ConfusionMatrix.CLASSES
                && (!observation.isLabelledOutcome()
                        || observation.trueDigit() >= 0 && observation.trueDigit() < ConfusionMatrix.CLASSES);
        if (!digitsValid || !(observation.confidence() >= 0 && observation.confidence() <= 1)) {
            throw new IllegalArgumentException("observation cannot be counted (digits must be 0.."
                    + (ConfusionMatrix.CLASSES - 1) + ", confidence in [0, 1]): " + observation);
        }
    }

    /**
     * The binary store form (see {@link MetricsStateSerdes}): fixed-width counts, then the two histograms, then (from
     * format 2) the field counts.
     */
    void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(predictedCount);
        out.writeDouble(confidenceSum);
        writeCounts(out, confidenceHistogram);
        writeCounts(out, predictedClassCounts);
        for (long[] row : confusion.counts()) {
            writeCounts(out, row);
        }
        out.writeLong(firstEventMs);
        out.writeLong(lastEventMs);
        writeBytes(out, inferenceLatency.toBytes());
        writeBytes(out, endToEndLatency.toBytes());
        fields.writeTo(out);
    }

    /** @param format 1 (written before fields existed: no field counts) or 2 */
    static MetricsAccumulator readFrom(java.io.DataInputStream in, int format) throws java.io.IOException {
        MetricsAccumulator read = new MetricsAccumulator();
        read.predictedCount = in.readLong();
        read.confidenceSum = in.readDouble();
        readCounts(in, read.confidenceHistogram);
        readCounts(in, read.predictedClassCounts);
        long[][] confusion = new long[ConfusionMatrix.CLASSES][ConfusionMatrix.CLASSES];
        for (long[] row : confusion) {
            readCounts(in, row);
        }
        read.confusion = new ConfusionMatrix(confusion);
        read.firstEventMs = in.readLong();
        read.lastEventMs = in.readLong();
        read.inferenceLatency = LatencyHistogram.fromBytes(readBytes(in));
        read.endToEndLatency = LatencyHistogram.fromBytes(readBytes(in));
        read.fields = format >= 2 ? FieldCounts.readFrom(in) : new FieldCounts();
        return read;
    }

    private static void writeCounts(java.io.DataOutputStream out, long[] counts) throws java.io.IOException {
        for (long count : counts) {
            out.writeLong(count);
        }
    }

    private static void readCounts(java.io.DataInputStream in, long[] counts) throws java.io.IOException {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readLong();
        }
    }

    private static void writeBytes(java.io.DataOutputStream out, byte[] bytes) throws java.io.IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(java.io.DataInputStream in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    /** Adds everything {@code other} counted, as if its observations had been added here; returns this. */
    MetricsAccumulator merge(MetricsAccumulator other) {
        firstEventMs = Math.min(firstEventMs, other.firstEventMs);
        lastEventMs = Math.max(lastEventMs, other.lastEventMs);
        predictedCount += other.predictedCount;
        confidenceSum += other.confidenceSum;
        for (int i = 0; i < confidenceHistogram.length; i++) {
            confidenceHistogram[i] += other.confidenceHistogram[i];
        }
        for (int i = 0; i < predictedClassCounts.length; i++) {
            predictedClassCounts[i] += other.predictedClassCounts[i];
        }
        inferenceLatency.add(other.inferenceLatency);
        endToEndLatency.add(other.endToEndLatency);
        confusion.add(other.confusion);
        fields.merge(other.fields);
        return this;
    }

    /** First event time seen, the start of a cumulative window. */
    Instant firstEvent() {
        return Instant.ofEpochMilli(firstEventMs);
    }

    /** Last event time seen, the end of a cumulative window. */
    Instant lastEvent() {
        return Instant.ofEpochMilli(lastEventMs);
    }

    /**
     * @param span the time the counts cover, for the throughput; at least one second is assumed so that a
     *             cumulative window of a single instant does not report an absurd rate
     */
    /** @param seriesKey a {@link MetricSeries} key: the metrics name its model, role and version */
    ModelMetrics toModelMetrics(String seriesKey, WindowKind window, Instant windowStart, Instant windowEnd,
            Duration span, PopulationStabilityIndex drift, Instant emittedAt) {
        // Seconds and nanos rather than toMillis(), which throws for spans beyond about 292 million years.
        double seconds = Math.max(1.0, span.getSeconds() + span.getNano() / NANOS_PER_SECOND);
        MetricSeries series = MetricSeries.parse(seriesKey);
        return new ModelMetrics(
                EventJson.SCHEMA_VERSION,
                series.model(),
                window,
                windowStart,
                windowEnd,
                predictedCount,
                confusion.total(),
                confusion.accuracy(),
                confusion.macroPrecision(),
                confusion.macroRecall(),
                confusion.macroF1(),
                inferenceLatency.summary(),
                endToEndLatency.summary(),
                predictedCount / seconds,
                predictedCount == 0 ? 0 : Math.min(1.0, confidenceSum / predictedCount),
                asList(confidenceHistogram),
                asList(predictedClassCounts),
                drift.of(predictedClassCounts),
                emittedAt,
                series.role(),
                series.version(),
                fields.toFieldMetrics());
    }

    // Confidence 1.0 belongs to the last bucket, [0.9, 1].
    private static int confidenceBucket(double confidence) {
        return Math.min(CONFIDENCE_BUCKETS - 1, (int) Math.floor(confidence * CONFIDENCE_BUCKETS));
    }

    private static List<Long> asList(long[] counts) {
        return Arrays.stream(counts).boxed().toList();
    }
}
