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
 * Samples, twice a second, the inference group's lag and the service's resident memory into the running scenario,
 * and prints a progress line now and then. Lag and memory are sampled on separate threads: a lag call waits up to
 * a few seconds while the broker is down, and memory must not go unwatched meanwhile.
 */
public final class Sampler implements AutoCloseable {

    /** A lag measurement and when it was taken ({@link System#nanoTime()}). */
    public record LagSample(long nanos, long lag) {
    }

    private static final long PERIOD_MILLIS = 500;
    /** A lag call waits up to ~4 s; a sample older than this means the broker is not answering. */
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
        threads.scheduleWithFixedDelay(this::sampleLag, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(this::sampleMemoryAndReport, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Samples from now on go to this scenario. */
    public void track(ScenarioRecord scenario) {
        current = scenario;
    }

    /** The newest lag sample, or null before the first one succeeded. */
    public LagSample latestLag() {
        return latestLag;
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void sampleLag() {
        try {
            OptionalLong lag = cluster.imagesLag();
            if (lag.isPresent()) {
                latestLag = new LagSample(System.nanoTime(), lag.getAsLong());
                ScenarioRecord scenario = current;
                if (scenario != null) {
                    scenario.lag(lag.getAsLong());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; a failed sample is just a missing one.
            console.line("lag sample failed: " + e);
        }
    }

    private void sampleMemoryAndReport() {
        try {
            ScenarioRecord scenario = current;
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
        LagSample lag = latestLag;
        boolean lagFresh = lag != null && now - lag.nanos() < LAG_STALE_NANOS;
        console.line(String.format(Locale.ROOT,
                "%-15s sent %7d (%5.0f/s)  predicted %7d  dlq %4d  outstanding %6d  lag %6s  rss %s",
                scenario == null ? "-" : scenario.name().cliName(), sent, rate, ledger.predictions(),
                ledger.deadLetters(), ledger.outstanding(), lagFresh ? Long.toString(lag.lag()) : "?",
                latestRssKb < 0 ? "-" : (latestRssKb / 1024) + " MB"));
    }
}
