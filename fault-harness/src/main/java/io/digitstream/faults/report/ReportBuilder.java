package io.digitstream.faults.report;

import io.digitstream.faults.HarnessSettings;
import io.digitstream.faults.hostile.HostileCase;
import io.digitstream.faults.hostile.HostileOutcome;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.faults.kafka.TrackedRecord;
import io.digitstream.faults.scenario.HostileCaseRun;
import io.digitstream.faults.scenario.ScenarioName;
import io.digitstream.faults.scenario.ScenarioRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Turns the scenario records and the ledger's final answers into the report, with every check judged. */
public final class ReportBuilder {

    private static final int EXAMPLES = 10;

    private final HarnessSettings settings;
    private final Ledger ledger;

    public ReportBuilder(HarnessSettings settings, Ledger ledger) {
        this.settings = settings;
        this.ledger = ledger;
    }

    public ScenarioReport scenario(ScenarioRecord record) {
        String name = record.name().cliName();
        List<TrackedRecord> mine = ledger.records().stream().filter(r -> r.scenario().equals(name)).toList();
        List<TrackedRecord> valid = mine.stream().filter(r -> r.kind().validImage()).toList();
        List<TrackedRecord> acked = valid.stream().filter(r -> r.sendState() == TrackedRecord.SendState.ACKED).toList();
        List<String> lost = ids(acked, r -> r.predictions() == 0);
        List<String> duplicated = ids(mine, r -> r.answers() > 1);
        Map<String, Long> byReason = new TreeMap<>();
        mine.forEach(r -> r.deadLetterReasons().forEach(reason -> byReason.merge(reason, 1L, Long::sum)));
        long predicted = acked.stream().filter(r -> r.predictions() > 0).count();

        List<HostileCaseReport> hostile = record.hostileCases().stream().map(this::hostileCase).toList();
        ScenarioReport.Memory memory = new ScenarioReport.Memory(megabytes(record.peakRssKb()),
                megabytes(record.peakHighWaterKb()), settings.maxRssMb());
        boolean recovers = record.name() != ScenarioName.HOSTILE_RECORDS;
        ScenarioReport.Recovery recovery = recovers
                ? new ScenarioReport.Recovery(round(record.faultSeconds()), round(record.firstPredictionSeconds()),
                        round(record.lagUnderThresholdSeconds()), settings.lagThreshold(),
                        round(record.serviceReadySeconds()))
                : null;

        List<Check> checks = new ArrayList<>();
        if (record.abortedBecause() != null) {
            checks.add(new Check("scenario ran to the end", false, record.abortedBecause()));
        }
        checks.add(new Check("no valid image lost", lost.isEmpty(),
                lost.size() + " of " + acked.size() + " valid images never predicted"
                        + (record.abortedBecause() == null ? "" : " (cut short: some may only be late)")));
        checks.add(new Check("no record answered twice", duplicated.isEmpty(),
                duplicated.size() + " records with more than one answer (read_committed)"));
        if (recovers) {
            boolean cutShort = record.abortedBecause() != null;
            checks.add(withinLimit("first new prediction", record.firstPredictionSeconds(), cutShort));
            checks.add(withinLimit("lag under " + settings.lagThreshold(), record.lagUnderThresholdSeconds(),
                    cutShort));
        }
        checks.add(memoryCheck(memory));
        if (!hostile.isEmpty()) {
            checks.addAll(hostileChecks(hostile));
        }
        record.extraChecks().forEach(extra -> checks.add(new Check(extra.name(), extra.passed(), extra.detail())));

        ScenarioRecord.OverloadFigures figures = record.overload();
        ScenarioReport.Overload overload = figures == null ? null
                : new ScenarioReport.Overload(round(figures.saturationRate()), figures.saturationMeasured(),
                        round(figures.targetRate()), round(figures.achievedRate()), round(figures.seconds()));
        return new ScenarioReport(name, record.name().description(), checks.stream().allMatch(Check::passed),
                record.startedAt(), record.faultStartedAt(), record.faultEndedAt(), record.endedAt(), acked.size(),
                predicted, lost.size(), duplicated.size(), byReason.values().stream().mapToLong(Long::longValue).sum(),
                byReason, valid.stream().filter(r -> r.sendState() == TrackedRecord.SendState.FAILED).count(),
                mine.stream().filter(r -> r.kind() == RecordKind.HOSTILE).count(), recovery, memory,
                record.maxLag() < 0 ? null : record.maxLag(),
                record.maxGroupLag() < 0 ? null : record.maxGroupLag(), overload, hostile.isEmpty() ? null : hostile, checks,
                record.notes(), lost.subList(0, Math.min(EXAMPLES, lost.size())),
                duplicated.subList(0, Math.min(EXAMPLES, duplicated.size())));
    }

    /** A scenario that never started (the run was cut short before it). */
    public ScenarioReport notRun(ScenarioName name, String because) {
        return new ScenarioReport(name.cliName(), name.description(), false, null, null, null, null, 0, 0, 0, 0, 0,
                Map.of(), 0, 0, null, null, null, null, null, null, List.of(new Check("scenario ran", false, because)),
                List.of(), List.of(), List.of());
    }

    private HostileCaseReport hostileCase(HostileCaseRun run) {
        HostileCase hostileCase = run.hostileCase();
        String outcome = HostileOutcome.of(run.hostile());
        List<String> problems = new ArrayList<>();
        if (run.followUpMillis() == null) {
            problems.add("the valid image after it was not predicted within "
                    + settings.hostileDeadline().toSeconds() + " s");
        }
        if (!hostileCase.acceptableOutcomes().contains(outcome)) {
            problems.add("became '" + outcome + "', expected one of " + sorted(hostileCase.acceptableOutcomes()));
        }
        if (run.readyStatus() != 200 || run.recentStatus() != 200) {
            problems.add("after it /q/health/ready answered " + run.readyStatus() + " and /api/recent "
                    + run.recentStatus());
        }
        return new HostileCaseReport(hostileCase.name(), hostileCase.description(), hostileCase.record().topic(),
                hostileCase.record().partition(), hostileCase.size(), hostileCase.record().key(),
                run.hostile().sendError(), outcome, sorted(hostileCase.acceptableOutcomes()), hostileCase.followUpId(),
                hostileCase.followUpPartition(), run.followUpMillis(), run.readyStatus(), run.recentStatus(),
                problems.isEmpty(), problems);
    }

    private List<Check> hostileChecks(List<HostileCaseReport> cases) {
        List<String> slow = cases.stream().filter(c -> c.followUpMillis() == null).map(HostileCaseReport::name).toList();
        List<String> unexpected = cases.stream()
                .filter(c -> !c.acceptableOutcomes().contains(c.outcome())).map(HostileCaseReport::name).toList();
        List<String> unhealthy = cases.stream()
                .filter(c -> c.readyStatus() != 200 || c.recentStatus() != 200).map(HostileCaseReport::name).toList();
        return List.of(
                new Check("every follow-up image predicted within " + settings.hostileDeadline().toSeconds() + " s",
                        slow.isEmpty(), slow.isEmpty() ? "all " + cases.size() : "not after " + slow),
                new Check("every hostile record refused, dead-lettered or predicted as expected", unexpected.isEmpty(),
                        unexpected.isEmpty() ? "all " + cases.size() : "not " + unexpected),
                new Check("service ready and /api/recent answering after each hostile record",
                        unhealthy.isEmpty(), unhealthy.isEmpty() ? "yes" : "not after " + unhealthy));
    }

    private Check withinLimit(String what, Double seconds, boolean cutShort) {
        long limit = settings.recoveryLimit().toSeconds();
        String name = what + " within " + limit + " s of the fault's end";
        if (seconds == null) {
            return new Check(name, false, cutShort ? "not measured: the scenario was cut short"
                    : "not within the recovery wait of " + settings.recoveryWait().toSeconds() + " s");
        }
        return new Check(name, seconds <= settings.recoveryLimit().toMillis() / 1000.0,
                String.format(Locale.ROOT, "%.1f s", seconds));
    }

    private Check memoryCheck(ScenarioReport.Memory memory) {
        String name = "service RSS at most " + settings.maxRssMb() + " MB";
        if (memory.highWaterMb() == null) {
            return new Check(name, false, "never measured (no /proc/<pid>/status?)");
        }
        return new Check(name, memory.highWaterMb() <= settings.maxRssMb(),
                "VmHWM " + memory.highWaterMb() + " MB, highest sampled VmRSS " + memory.peakRssMb() + " MB");
    }

    private static List<String> ids(List<TrackedRecord> records, Predicate<TrackedRecord> filter) {
        return records.stream().filter(filter).map(TrackedRecord::id).sorted(Comparator.naturalOrder()).toList();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static Long megabytes(long kilobytes) {
        return kilobytes < 0 ? null : kilobytes / 1024;
    }

    /** To a tenth: the harness's own timing is no finer than its 100-ms polls. */
    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }
}
