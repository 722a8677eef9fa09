package io.digitstream.simulator.report;

/**
 * One step of a rate ramp: what was asked, what was sent, how fast predictions came back during the step, and the
 * end-to-end latency of the images sent in it.
 */
public record RampStepReport(
        int step,
        double targetRate,
        long sent,
        double sendRate,
        double predictionRate,
        LatencyStats endToEndLatencyMs) {

    /** The service kept up if predictions came back at least {@code ratio} times as fast as images went out. */
    public boolean keptUp(double ratio) {
        return predictionRate >= ratio * sendRate;
    }
}
