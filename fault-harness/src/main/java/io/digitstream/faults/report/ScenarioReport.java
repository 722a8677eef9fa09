package io.digitstream.faults.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scenario in the report. Images count by the scenario running when they were sent; answers are the ones
 * visible to a read_committed reader by the end of the run.
 *
 * @param imagesSent          valid images the broker acknowledged
 * @param imagesPredicted     of those, predicted at least once
 * @param lost                valid images never predicted (a dead-lettered valid image counts here too)
 * @param duplicated          records answered more than once (two predictions, or a prediction and a dead letter)
 * @param deadLettered        dead letters for this scenario's records, with {@code deadLettersByReason} by
 *                            {@code dlq.reason}
 * @param sendFailures        valid images the producer could not deliver (not the service's doing; not "lost")
 * @param hostileRecordsSent  hostile records handed to the broker (accepted or refused)
 * @param maxLag              the highest end-to-end lag sampled (images sent, not yet answered)
 * @param maxGroupLag         the highest lag of the inference consumer group on digits.images sampled (end minus
 *                            committed offsets; it misses predictions hidden behind a dead instance's transaction)
 */
public record ScenarioReport(String name, String description, boolean passed, Instant startedAt,
        Instant faultStartedAt, Instant faultEndedAt, Instant endedAt, long imagesSent, long imagesPredicted,
        long lost, long duplicated, long deadLettered, Map<String, Long> deadLettersByReason, long sendFailures,
        long hostileRecordsSent, Recovery recovery, Memory serviceMemory, Long maxLag, Long maxGroupLag,
        Overload overload,
        List<HostileCaseReport> hostileCases, List<Check> checks, List<String> notes, List<String> lostExamples,
        List<String> duplicatedExamples) {

    /**
     * Seconds, counted from the end of the fault (the service relaunched, the broker ready again, the overload over).
     *
     * @param faultSeconds             how long the fault itself lasted
     * @param firstPredictionSeconds   until a prediction produced after the fault began was visible
     * @param lagUnderThresholdSeconds until, after that, the lag was back under the threshold: end to end, valid
     *                                 images acknowledged by the broker and not yet answered
     * @param serviceReadySeconds      until a restarted service answered 200 on /q/health/ready
     */
    public record Recovery(Double faultSeconds, Double firstPredictionSeconds, Double lagUnderThresholdSeconds,
            Long lagThreshold, Double serviceReadySeconds) {
    }

    /**
     * The service's resident memory during the scenario, in MiB.
     *
     * @param peakRssMb       the highest VmRSS sampled (twice a second)
     * @param highWaterMb     the highest VmHWM read: the process's own peak since it started, which sees spikes
     *                        between samples (and peaks of earlier scenarios the same process lived through)
     */
    public record Memory(Long peakRssMb, Long highWaterMb, long limitMb) {
    }

    /** The overload: the saturation rate (measured or given), the rate asked for and the rate sent. */
    public record Overload(double saturationImagesPerSecond, boolean saturationMeasured,
            double targetImagesPerSecond, double achievedImagesPerSecond, double seconds) {
    }
}
