package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Live quality and speed of one model (or the ensemble) on {@link Topics#METRICS}, keyed by model name.
 *
 * <p>The quality fields ({@code accuracy}, {@code macroPrecision}, {@code macroRecall}, {@code macroF1}) are
 * {@code null} while {@code labelledCount} is 0: without ground truth there is no quality to report, and 0 would lie.
 *
 * @param confidenceHistogram        counts of top-class confidence in 10 buckets of width 0.1 ([0,0.1) ... [0.9,1])
 * @param predictedClassCounts       how often each digit 0..9 was predicted
 * @param role                       champion or challenger; null only in events written before challengers existed
 * @param version                    the model set version of the latest prediction counted; null as for role
 * @param populationStabilityIndex   drift of the predicted class distribution against the training baseline;
 *                                   {@code null} when no baseline is available
 */
public record ModelMetrics(
        int schemaVersion,
        String model,
        WindowKind window,
        Instant windowStart,
        Instant windowEnd,
        long predictedCount,
        long labelledCount,
        Double accuracy,
        Double macroPrecision,
        Double macroRecall,
        Double macroF1,
        LatencySummary inferenceLatencyMs,
        LatencySummary endToEndLatencyMs,
        double throughputPerSecond,
        double meanConfidence,
        List<Long> confidenceHistogram,
        List<Long> predictedClassCounts,
        Double populationStabilityIndex,
        Instant emittedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) ModelRole role,
        @JsonInclude(JsonInclude.Include.NON_NULL) String version,
        @JsonInclude(JsonInclude.Include.NON_NULL) FieldMetrics fields) {

    public ModelMetrics {
        Require.schemaVersion(schemaVersion);
        Require.modelName(model, "model");
        Require.present(window, "window");
        Require.present(windowStart, "windowStart");
        Require.present(windowEnd, "windowEnd");
        Require.notNegative(predictedCount, "predictedCount");
        Require.notNegative(labelledCount, "labelledCount");
        Require.unitIntervalOrNull(accuracy, "accuracy");
        Require.unitIntervalOrNull(macroPrecision, "macroPrecision");
        Require.unitIntervalOrNull(macroRecall, "macroRecall");
        Require.unitIntervalOrNull(macroF1, "macroF1");
        if (labelledCount == 0 && (accuracy != null || macroPrecision != null || macroRecall != null || macroF1 != null)) {
            throw new IllegalArgumentException("quality fields must be null while labelledCount is 0");
        }
        Require.present(inferenceLatencyMs, "inferenceLatencyMs");
        Require.present(endToEndLatencyMs, "endToEndLatencyMs");
        Require.notNegative(throughputPerSecond, "throughputPerSecond");
        Require.unitInterval(meanConfidence, "meanConfidence");
        confidenceHistogram = Require.counts(confidenceHistogram, "confidenceHistogram");
        predictedClassCounts = Require.counts(predictedClassCounts, "predictedClassCounts");
        if (populationStabilityIndex != null) {
            Require.notNegative(populationStabilityIndex, "populationStabilityIndex");
        }
        Require.present(emittedAt, "emittedAt");
        if (version != null) {
            Require.text(version, "version", 128);
        }
    }

    /** Metrics without role and version, as written before challengers existed. */
    public ModelMetrics(int schemaVersion, String model, WindowKind window, Instant windowStart, Instant windowEnd,
            long predictedCount, long labelledCount, Double accuracy, Double macroPrecision, Double macroRecall,
            Double macroF1, LatencySummary inferenceLatencyMs, LatencySummary endToEndLatencyMs,
            double throughputPerSecond, double meanConfidence, List<Long> confidenceHistogram,
            List<Long> predictedClassCounts, Double populationStabilityIndex, Instant emittedAt) {
        this(schemaVersion, model, window, windowStart, windowEnd, predictedCount, labelledCount, accuracy,
                macroPrecision, macroRecall, macroF1, inferenceLatencyMs, endToEndLatencyMs, throughputPerSecond,
                meanConfidence, confidenceHistogram, predictedClassCounts, populationStabilityIndex, emittedAt, null, null,
                null);
    }

    /** The same metrics attributed to a role and model set version. */
    public ModelMetrics attributedTo(ModelRole newRole, String newVersion) {
        return new ModelMetrics(schemaVersion, model, window, windowStart, windowEnd, predictedCount, labelledCount,
                accuracy, macroPrecision, macroRecall, macroF1, inferenceLatencyMs, endToEndLatencyMs,
                throughputPerSecond, meanConfidence, confidenceHistogram, predictedClassCounts, populationStabilityIndex,
                emittedAt, newRole, newVersion, fields);
    }
}
