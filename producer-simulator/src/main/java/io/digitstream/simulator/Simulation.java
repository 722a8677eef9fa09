package io.digitstream.simulator;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.LengthRange;
import io.digitstream.simulator.field.FieldSource;
import io.digitstream.simulator.kafka.DigitPublisher;
import io.digitstream.simulator.kafka.PredictionListener;
import io.digitstream.simulator.load.LoadDriver;
import io.digitstream.simulator.load.NanoClock;
import io.digitstream.simulator.load.RateSchedule;
import io.digitstream.simulator.report.ProgressLine;
import io.digitstream.simulator.report.RunResults;
import io.digitstream.simulator.report.SimulationReport;
import io.digitstream.simulator.source.DigitSource;
import io.digitstream.simulator.source.SourceImage;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;

/**
 * One run: listen for predictions from the current end of the topic, send images (and labels) at the scheduled
 * rate, wait for the outstanding predictions, and report. {@link #requestStop()} (Ctrl-C) ends sending and waiting
 * early but still produces the report.
 */
public final class Simulation {

    private static final long WAIT_STEP_MILLIS = 20;

    private final SimulationSettings settings;
    private final DigitSource source;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean stopRequested;
    private volatile Thread runner;

    public Simulation(SimulationSettings settings, DigitSource source, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.source = source;
        this.out = out;
        this.err = err;
    }

    /** Asks a running simulation to stop sending and waiting; the report is still made. */
    public void requestStop() {
        stopRequested = true;
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public SimulationReport run() throws InterruptedException {
        runner = Thread.currentThread();
        Instant startedAt = Instant.now();
        RateSchedule.Ramp ramp = settings.schedule() instanceof RateSchedule.Ramp r ? r : null;
        RunResults results =
                new RunResults(settings.runId(), source.description(), startedAt, ramp, settings.keepUpRatio());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
                runnable -> new Thread(runnable, "progress"));
        PredictionListener listener = PredictionListener.startAtEnd(
                settings.kafkaConfig(), "digit-stream-simulator-" + settings.runId(), results, err);
        try (DigitPublisher publisher = new DigitPublisher(settings.kafkaConfig(), results, settings.labelsDelay(), err,
                source instanceof FieldSource)) {
            ProgressLine line = new ProgressLine(results, System.nanoTime());
            long interval = settings.progressInterval().toNanos();
            progress.scheduleAtFixedRate(() -> out.println(line.next(System.nanoTime())),
                    interval, interval, TimeUnit.NANOSECONDS);
            results.sendingStarted(Instant.now());
            send(publisher, results);
            results.sendingEnded(Instant.now());
            publisher.flush();
            awaitPredictions(results, listener);
        } catch (InterruptedException e) {
            if (!stopRequested) {
                throw e;
            }
        } finally {
            // A stop request may have left the interrupt flag set; clean-up must not trip over it.
            boolean interrupted = Thread.interrupted();
            progress.shutdownNow();
            // A progress line printed after the report would split it.
            progress.awaitTermination(1, TimeUnit.SECONDS);
            listener.close();
            if (interrupted && !stopRequested) {
                Thread.currentThread().interrupt();
            }
        }
        return results.report(Instant.now());
    }

    private void send(DigitPublisher publisher, RunResults results) {
        Random labelChoice = new Random(settings.seed());
        LoadDriver driver = new LoadDriver(NanoClock.SYSTEM, settings.schedule(), settings.stop(),
                settings.burstSeconds());
        try {
            driver.run((sequence, rate) -> {
                SourceImage image = source.next();
                // Zero-padded so ids sort in sending order.
                String id = String.format(Locale.ROOT, "%s-%08d", settings.runId(), sequence);
                Instant now = Instant.now();
                if (image.isField()) {
                    results.beforeSendField(id, now, image.fieldValue());
                    LengthRange hint = source instanceof FieldSource fields && fields.sendsLengthHint()
                            ? LengthRange.exactly(image.fieldValue().length()) : null;
                    publisher.publishField(new FieldImage(id, null, now, image.encoding(), image.width(),
                            image.height(), image.data(), hint));
                    if (labelChoice.nextDouble() < settings.labelsFraction()) {
                        publisher.publishFieldLabel(id, image.fieldValue());
                    }
                    return;
                }
                results.beforeSend(id, now, image.label());
                publisher.publishImage(new DigitImage(id, null, now, image.encoding(), image.width(),
                        image.height(), image.data()));
                if (labelChoice.nextDouble() < settings.labelsFraction()) {
                    publisher.publishLabel(id, image.label());
                }
            });
        } catch (InterruptedException e) {
            if (!stopRequested) {
                Thread.currentThread().interrupt();
            }
        } catch (KafkaException e) {
            // Keep what was sent: wait for its predictions and report, with the failure counted.
            stoppedEarly(results, "the producer failed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            stoppedEarly(results, "the image source failed: " + e.getMessage());
        }
        if (stopRequested) {
            Thread.interrupted();
            stoppedEarly(results, "stop requested");
        }
    }

    private void stoppedEarly(RunResults results, String reason) {
        results.sendingStoppedEarly(reason);
        err.println("sending ended early: " + reason);
    }

    private void awaitPredictions(RunResults results, PredictionListener listener) throws InterruptedException {
        long deadline = System.nanoTime() + settings.waitForPredictions().toNanos();
        while (!stopRequested && !results.tracker().allAnswered() && System.nanoTime() < deadline
                && listener.failure() == null) {
            Thread.sleep(WAIT_STEP_MILLIS);
        }
        if (!stopRequested && results.tracker().allAnswered()) {
            // The service may still emit a duplicate (e.g. after a rebalance); give it a moment to show up.
            Thread.sleep(settings.settleTime().toMillis());
        }
    }
}
