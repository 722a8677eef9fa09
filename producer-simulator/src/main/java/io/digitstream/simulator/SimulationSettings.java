package io.digitstream.simulator;

import io.digitstream.simulator.load.RateSchedule;
import io.digitstream.simulator.load.StopCondition;
import java.time.Duration;
import java.util.Map;

/**
 * Everything one run needs besides its image source.
 *
 * @param kafkaConfig         client properties shared by the producer and the consumer (bootstrap servers at least)
 * @param burstSeconds        how far the sender may catch up after falling behind, in seconds of sending
 * @param labelsFraction      share of images whose label is published, 0..1
 * @param labelsDelay         wait between an image and its label
 * @param waitForPredictions  how long to wait for outstanding predictions after the last image is sent
 * @param settleTime          how long to keep listening once all predictions are in, to catch late duplicates
 * @param keepUpRatio         ramp runs: share of the send rate predictions must reach for a step to count as kept up
 * @param progressInterval    time between progress lines
 */
public record SimulationSettings(
        String runId,
        Map<String, Object> kafkaConfig,
        RateSchedule schedule,
        StopCondition stop,
        double burstSeconds,
        double labelsFraction,
        Duration labelsDelay,
        Duration waitForPredictions,
        Duration settleTime,
        double keepUpRatio,
        Duration progressInterval,
        long seed) {

    public SimulationSettings {
        kafkaConfig = Map.copyOf(kafkaConfig);
        if (!(labelsFraction >= 0 && labelsFraction <= 1)) {
            throw new IllegalArgumentException("labels fraction must be within 0..1, got " + labelsFraction);
        }
        requireNotNegative(labelsDelay, "labels delay");
        requireNotNegative(waitForPredictions, "wait for predictions");
        requireNotNegative(settleTime, "settle time");
        if (progressInterval.isZero() || progressInterval.isNegative()) {
            throw new IllegalArgumentException("progress interval must be positive, got " + progressInterval);
        }
        if (!(keepUpRatio > 0 && keepUpRatio <= 1)) {
            throw new IllegalArgumentException("saturation threshold must be within (0, 1], got " + keepUpRatio);
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
    }
}
