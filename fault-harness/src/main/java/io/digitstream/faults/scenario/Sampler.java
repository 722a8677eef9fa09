package io.digitstream.faults.scenario;

import io.digitstream.faults.Console;
import io.digitstream.faults.kafka.ClusterView;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.process.ProcessMemory;
import io.digitstream.faults.process.ServiceProcess;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, twice a second, the lag and the service's resident memory into the running scenario, and prints a
 * progress line now and then. The lag that counts is end to end: valid images the broker acknowledged that have no
 * answer a read_committed reader can see. The inference group's own lag (end offsets minus committed offsets, what
 * the dashboards and autoscalers watch) is sampled too, on a thread of its own because its calls wait up to a few
 * seconds while the broker is down; it can read 0 while nothing comes out, when a killed instance's open
 * transaction hides the committed predictions behind it.
 */
public final class Sampler implements AutoCloseable {

    /** An end-to-end lag measurement and when it was taken ({@link System#nanoTime()}). */
    public record LagSample(long nanos, long lag) {
    }

    private static final long PERIOD_MILLIS = 500;
    /** A group-lag call waits up to ~4 s; a sample older than this means the broker is not answering. */
    private static final long LAG_STALE_NANOS = 5_000_000_000L;

    private final ClusterView cluster;
    private final ServiceProcess service;
    private final Ledger ledger;
    private final Console console;
    private final long progressEveryNanos;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fault-harness-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ScenarioRecord current;
    private volatile LagSample latestLag;
    private volatile long latestGroupLag = -1;
    private volatile long latestGroupLagNanos;
    private volatile long latestRssKb = -1;
    private long lastProgressNanos = System.nanoTime();
    private long lastProgressSent;

    public Sampler(ClusterView cluster, ServiceProcess service, Ledger ledger, Console console,
            Duration progressInterval) {
        this.cluster = cluster;
        this.service = service;
        this.ledger = ledger;
        this.console = console;
        this.progressEveryNanos = progressInterval.toNanos();
    }

    public void start() {
        threads.scheduleWithFixedDelay(this::sampleGroupLag, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(this::sampleAndReport, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Samples from now on go to this scenario. */
    public void track(ScenarioRecord scenario) {
        current = scenario;
    }

    /** The newest end-to-end lag sample, or null before the first one. */
    public LagSample latestLag() {
        return latestLag;
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void sampleGroupLag() {
        try {
            OptionalLong lag = cluster.imagesLag();
            if (lag.isPresent()) {
                latestGroupLag = lag.getAsLong();
                latestGroupLagNanos = System.nanoTime();
                ScenarioRecord scenario = current;
                if (scenario != null) {
                    scenario.groupLag(lag.getAsLong());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; a failed sample is just a missing one.
            console.line("lag sample failed: " + e);
        }
    }

    private void sampleAndReport() {
        try {
            ScenarioRecord scenario = current;
            long lag = Math.max(0, ledger.outstanding());
            latestLag = new LagSample(System.nanoTime(), lag);
            if (scenario != null) {
                scenario.lag(lag);
            }
            ProcessMemory.of(service.pid()).ifPresentOrElse(sample -> {
                latestRssKb = sample.rssKb();
                if (scenario != null) {
                    scenario.memory(sample.rssKb(), sample.highWaterKb());
                }
            }, () -> latestRssKb = -1);
            long now = System.nanoTime();
            if (now - lastProgressNanos >= progressEveryNanos) {
                progress(scenario, now);
            }
        } catch (RuntimeException e) {
            console.line("memory sample failed: " + e);
        }
    }

    private void progress(ScenarioRecord scenario, long now) {
        long sent = ledger.validAcked();
        double rate = (sent - lastProgressSent) / ((now - lastProgressNanos) / 1e9);
        lastProgressNanos = now;
        lastProgressSent = sent;
        boolean groupLagFresh = latestGroupLag >= 0 && now - latestGroupLagNanos < LAG_STALE_NANOS;
        console.line(String.format(Locale.ROOT,
                "%-15s sent %7d (%5.0f/s)  predicted %7d  dlq %4d  lag %6d  group lag %6s  rss %s",
                scenario == null ? "-" : scenario.name().cliName(), sent, rate, ledger.predictions(),
                ledger.deadLetters(), Math.max(0, ledger.outstanding()),
                groupLagFresh ? Long.toString(latestGroupLag) : "?",
                latestRssKb < 0 ? "-" : (latestRssKb / 1024) + " MB"));
    }
}
