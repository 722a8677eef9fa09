package io.digitstream.faults.scenario;

import io.digitstream.faults.HarnessSettings;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.faults.kafka.TrackedRecord;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * (c) Images at a multiple (2x by default) of the service's saturation rate for a while, then back to the steady
 * rate. The saturation rate is given, or measured first: a burst of images sent at once, and the rate at which all
 * predictions became visible between the 10th and the 90th percentile of the burst's answers (the service busy the
 * whole time). Recovery counts from the end of the overload: the backlog must drain and nothing may be lost.
 */
final class OverloadScenario implements Scenario {

    /** The slowest answer rate a probe is waited for, so the wait is bounded by the burst's size. */
    private static final double SLOWEST_RATE = 50;

    @Override
    public ScenarioName name() {
        return ScenarioName.OVERLOAD;
    }

    @Override
    public void run(Pipeline pipeline, ScenarioRecord record) throws Exception {
        HarnessSettings settings = pipeline.settings();
        pipeline.steady(record, settings.steady());
        boolean measured = settings.saturationRate() == null;
        double saturation = measured ? measureSaturation(pipeline, record) : settings.saturationRate();
        double target = saturation * settings.overloadFactor();
        long sentBefore = pipeline.load().sent();
        record.faultStarted();
        pipeline.load().rate(target);
        String event = String.format(Locale.ROOT, "overload: %.0f images/s (%.1f x saturation %.0f/s) for %d s",
                target, settings.overloadFactor(), saturation, settings.overloadDuration().toSeconds());
        pipeline.console().line(event);
        record.note(event);
        Thread.sleep(settings.overloadDuration().toMillis());
        pipeline.load().rate(settings.rate());
        record.faultEnded();
        double seconds = record.faultSeconds();
        double achieved = (pipeline.load().sent() - sentBefore) / seconds;
        record.overload(new ScenarioRecord.OverloadFigures(saturation, measured, target, achieved, seconds));
        pipeline.console().line(String.format(Locale.ROOT,
                "overload: back to %.0f images/s; %.0f images/s were sent during the overload", settings.rate(),
                achieved));
        pipeline.awaitRecovery(record);
        pipeline.steady(record, settings.steady());
    }

    private static double measureSaturation(Pipeline pipeline, ScenarioRecord record) throws InterruptedException {
        int count = pipeline.settings().probeImages();
        pipeline.console().line("overload: measuring the saturation rate with a burst of " + count + " images");
        List<TrackedRecord> burst = pipeline.load().burst(count, RecordKind.PROBE);
        pipeline.load().flush();
        Duration wait = pipeline.settings().recoveryWait().plusMillis((long) (count / SLOWEST_RATE * 1000));
        long deadline = System.nanoTime() + wait.toNanos();
        int needed = (int) Math.ceil(count * 0.9);
        while (predicted(burst) < needed && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long[] times = burst.stream().mapToLong(TrackedRecord::firstPredictionNanos).filter(t -> t != 0).sorted()
                .toArray();
        if (times.length < needed) {
            throw new IllegalStateException("cannot measure the saturation rate: " + times.length + " of the " + count
                    + " probe images were predicted within " + wait.toSeconds() + " s");
        }
        long from = times[count / 10];
        long to = times[needed - 1];
        // Every prediction in the window counts (the steady load's too): the service's total rate while busy.
        long inWindow = pipeline.ledger().records().stream()
                .filter(r -> r.kind().validImage() && r.firstPredictionNanos() >= from && r.firstPredictionNanos() <= to)
                .count();
        double rate = inWindow / ((to - from) / 1e9);
        String result = String.format(Locale.ROOT, "saturation rate %.0f images/s (%d predictions in %.1f s)", rate,
                inWindow, (to - from) / 1e9);
        pipeline.console().line("overload: " + result);
        record.note(result);
        if (!pipeline.awaitLagUnderThreshold(pipeline.settings().recoveryWait())) {
            record.note("the probe's backlog had not drained within the recovery wait before the overload");
        }
        return rate;
    }

    private static long predicted(List<TrackedRecord> records) {
        return records.stream().filter(r -> r.firstPredictionNanos() != 0).count();
    }
}
