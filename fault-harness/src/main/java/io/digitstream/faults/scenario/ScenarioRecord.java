package io.digitstream.faults.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened during one scenario, written while it runs (by the scenario thread, and by the sampler for memory
 * and lag) and turned into the report at the end, when the ledger's answers are complete.
 */
public final class ScenarioRecord {

    private final ScenarioName name;
    private final Instant startedAt = Instant.now();
    private Instant faultStartedAt;
    private long faultStartNanos;
    private Instant faultEndedAt;
    private long faultEndNanos;
    private Instant endedAt;
    private Double firstPredictionSeconds;
    private Double lagUnderThresholdSeconds;
    private Double serviceReadySeconds;
    private long peakRssKb = -1;
    private long peakHighWaterKb = -1;
    private long maxLag = -1;
    private long maxGroupLag = -1;
    private OverloadFigures overload;
    private final List<HostileCaseRun> hostileCases = new ArrayList<>();
    private final List<ExtraCheck> extraChecks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String abortedBecause;

    /** Measured figures of the overload scenario. */
    public record OverloadFigures(double saturationRate, boolean saturationMeasured, double targetRate,
            double achievedRate, double seconds) {
    }

    /** A scenario-specific expectation, checked while it ran. */
    public record ExtraCheck(String name, boolean passed, String detail) {
    }

    public ScenarioRecord(ScenarioName name) {
        this.name = name;
    }

    public ScenarioName name() {
        return name;
    }

    public synchronized void faultStarted() {
        faultStartedAt = Instant.now();
        faultStartNanos = System.nanoTime();
    }

    public synchronized void faultEnded() {
        faultEndedAt = Instant.now();
        faultEndNanos = System.nanoTime();
    }

    public synchronized void ended() {
        endedAt = Instant.now();
    }

    public synchronized long faultStartEpochMillis() {
        return faultStartedAt.toEpochMilli();
    }

    public synchronized long faultEndNanos() {
        return faultEndNanos;
    }

    /** Seconds from the end of the fault to {@code nanos} (a {@link System#nanoTime()}), never negative. */
    public synchronized double secondsAfterFault(long nanos) {
        return Math.max(0, nanos - faultEndNanos) / 1e9;
    }

    public synchronized void firstPrediction(double seconds) {
        firstPredictionSeconds = seconds;
    }

    public synchronized void lagUnderThreshold(double seconds) {
        lagUnderThresholdSeconds = seconds;
    }

    public synchronized void serviceReady(double seconds) {
        serviceReadySeconds = seconds;
    }

    public synchronized void memory(long rssKb, long highWaterKb) {
        peakRssKb = Math.max(peakRssKb, rssKb);
        peakHighWaterKb = Math.max(peakHighWaterKb, highWaterKb);
    }

    public synchronized void lag(long lag) {
        maxLag = Math.max(maxLag, lag);
    }

    public synchronized void groupLag(long lag) {
        maxGroupLag = Math.max(maxGroupLag, lag);
    }

    public synchronized void overload(OverloadFigures figures) {
        overload = figures;
    }

    public synchronized void hostileCase(HostileCaseRun run) {
        hostileCases.add(run);
    }

    public synchronized void check(String checkName, boolean passed, String detail) {
        extraChecks.add(new ExtraCheck(checkName, passed, detail));
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized void aborted(String because) {
        abortedBecause = because;
    }

    public synchronized Instant startedAt() {
        return startedAt;
    }

    public synchronized Instant faultStartedAt() {
        return faultStartedAt;
    }

    public synchronized Instant faultEndedAt() {
        return faultEndedAt;
    }

    public synchronized Instant endedAt() {
        return endedAt;
    }

    /** Seconds the fault itself lasted (0 for an instant one), or null when it never started. */
    public synchronized Double faultSeconds() {
        return faultStartedAt == null || faultEndedAt == null ? null : (faultEndNanos - faultStartNanos) / 1e9;
    }

    public synchronized Double firstPredictionSeconds() {
        return firstPredictionSeconds;
    }

    public synchronized Double lagUnderThresholdSeconds() {
        return lagUnderThresholdSeconds;
    }

    public synchronized Double serviceReadySeconds() {
        return serviceReadySeconds;
    }

    public synchronized long peakRssKb() {
        return peakRssKb;
    }

    public synchronized long peakHighWaterKb() {
        return peakHighWaterKb;
    }

    public synchronized long maxLag() {
        return maxLag;
    }

    public synchronized long maxGroupLag() {
        return maxGroupLag;
    }

    public synchronized OverloadFigures overload() {
        return overload;
    }

    public synchronized List<HostileCaseRun> hostileCases() {
        return List.copyOf(hostileCases);
    }

    public synchronized List<ExtraCheck> extraChecks() {
        return List.copyOf(extraChecks);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    public synchronized String abortedBecause() {
        return abortedBecause;
    }
}
