package io.digitstream.faults.scenario;

import io.digitstream.faults.Console;
import io.digitstream.faults.HarnessSettings;
import io.digitstream.faults.kafka.AnswerListener;
import io.digitstream.faults.kafka.ImageLoad;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.kafka.RecoveryProbe;
import io.digitstream.faults.process.BrokerProcess;
import io.digitstream.faults.process.ServiceProcess;
import java.time.Duration;
import java.util.Locale;

/**
 * The running pipeline the scenarios act on: the broker and service processes, the steady image load, the answer
 * listener and ledger, and the sampler. Also the measurements every fault scenario shares.
 */
public record Pipeline(HarnessSettings settings, BrokerProcess broker, ServiceProcess service, ImageLoad load,
        Ledger ledger, AnswerListener listener, Sampler sampler, Console console, int partitions, int maxMessageBytes) {

    private static final long POLL_MILLIS = 100;

    /** Normal flow at the steady rate for a while. */
    public void steady(ScenarioRecord scenario, Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            console.line(scenario.name().cliName() + ": " + duration.toSeconds() + " s of steady load at "
                    + format(settings.rate()) + " images/s");
            Thread.sleep(duration.toMillis());
        }
    }

    /**
     * Waits, at most the recovery wait after the fault ended, until (1) a prediction the service produced after the
     * fault began is visible and then (2) an end-to-end lag sample taken after that is under the threshold: the
     * service is producing and what queued up meanwhile has come out. Records both times, counted from the end of
     * the fault.
     */
    public void awaitRecovery(ScenarioRecord scenario) throws InterruptedException {
        String name = scenario.name().cliName();
        RecoveryProbe probe = listener.probe(scenario.faultStartEpochMillis());
        try {
            long deadline = scenario.faultEndNanos() + settings.recoveryWait().toNanos();
            long first = 0;
            while (System.nanoTime() < deadline) {
                if (first == 0 && probe.firstVisibleNanos() != 0) {
                    first = probe.firstVisibleNanos();
                    scenario.firstPrediction(scenario.secondsAfterFault(first));
                    console.line(String.format(Locale.ROOT, "%s: first new prediction %.1f s after the fault ended",
                            name, scenario.firstPredictionSeconds()));
                }
                Sampler.LagSample lag = sampler.latestLag();
                if (first != 0 && lag != null && lag.nanos() > first && lag.lag() <= settings.lagThreshold()) {
                    scenario.lagUnderThreshold(scenario.secondsAfterFault(lag.nanos()));
                    console.line(String.format(Locale.ROOT, "%s: lag %d (<= %d) %.1f s after the fault ended", name,
                            lag.lag(), settings.lagThreshold(), scenario.lagUnderThresholdSeconds()));
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
            String missing = first == 0 ? "no new prediction" : "lag not under " + settings.lagThreshold();
            console.line(name + ": " + missing + " within " + settings.recoveryWait().toSeconds()
                    + " s of the fault's end; moving on");
            scenario.note(missing + " within the recovery wait (" + settings.recoveryWait().toSeconds() + " s)");
        } finally {
            listener.release(probe);
        }
    }

    /** Waits until the lag is under the threshold (a fresh sample), at most {@code timeout}. */
    public boolean awaitLagUnderThreshold(Duration timeout) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Sampler.LagSample lag = sampler.latestLag();
            if (lag != null && lag.nanos() > since && lag.lag() <= settings.lagThreshold()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
