package io.digitstream.simulator.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one simulator run, printed at the end and written as JSON.
 *
 * @param stoppedEarly       why sending ended before its count or duration (stop request, producer or source
 *                           failure), or null when it ran to the end
 * @param sent               images the broker acknowledged
 * @param sendFailures       images the producer could not deliver (not counted in {@code sent})
 * @param lost               sent images with neither a prediction nor a dead letter when the wait ended
 * @param rejected           sent images the service put on the dead-letter topic instead of predicting them
 * @param rejectionReasons   those rejections by {@code dlq.reason} code
 * @param duplicated         predictions beyond the first for the same image
 * @param unrelated          predictions for images this run did not send (other producers on the topic)
 * @param malformed          records on the predictions topic that were not a valid {@code DigitPrediction}
 * @param throughputPerSecond predictions per second, from the first send to the last prediction
 * @param endToEndLatencyMs  simulator send to simulator receipt of the prediction
 * @param serviceLatencyMs   the prediction's own {@code predictedAt - capturedAt}
 * @param saturationRate     ramp runs only: target rate of the first step the service did not keep up with
 * @param lostIds            up to 20 of the lost ids, to look them up on the topics
 * @param fields             how well the fields were read, when the run sent form fields; null otherwise (then
 *                           {@code models} and {@code ensemble} score the digits of fields read at the right length)
 */
public record SimulationReport(
        String runId,
        String source,
        Instant startedAt,
        Instant finishedAt,
        String stoppedEarly,
        long sent,
        long sendFailures,
        long labelsPublished,
        long predicted,
        long lost,
        long rejected,
        Map<String, Long> rejectionReasons,
        long duplicated,
        long unrelated,
        long malformed,
        double sendSeconds,
        double sendRatePerSecond,
        double throughputPerSecond,
        LatencyStats endToEndLatencyMs,
        LatencyStats serviceLatencyMs,
        Map<String, ModelQuality> models,
        ModelQuality ensemble,
        List<RampStepReport> ramp,
        Double saturationRate,
        List<String> lostIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) FieldsReport fields) {

    /**
     * A run succeeds when it sent everything it was asked to and every image was predicted: the simulator only sends
     * valid images, so a rejection is a failure too.
     */
    @JsonProperty("successful")
    public boolean successful() {
        return stoppedEarly == null && lost == 0 && rejected == 0 && sendFailures == 0;
    }
}
