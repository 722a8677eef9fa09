package io.digitstream.faults.report;

import java.util.Locale;

/** The report as a few plain-text tables for the console: scenarios, hostile cases, failed checks. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static String format(FaultReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%nFault harness run %s: %s%n", report.runId(),
                report.passed() ? "PASSED" : "FAILED"));
        if (report.abortedBecause() != null) {
            text.append("cut short: ").append(report.abortedBecause()).append('\n');
        }
        text.append(String.format(Locale.ROOT, "%n%-16s %7s %9s %5s %5s %5s %8s %8s %8s %8s  %s%n", "scenario", "sent",
                "predicted", "lost", "dup", "dlq", "fault s", "1st pred", "lag ok", "RSS MB", "result"));
        for (ScenarioReport scenario : report.scenarios()) {
            ScenarioReport.Recovery recovery = scenario.recovery();
            text.append(String.format(Locale.ROOT, "%-16s %7d %9d %5d %5d %5d %8s %8s %8s %8s  %s%n", scenario.name(),
                    scenario.imagesSent(), scenario.imagesPredicted(), scenario.lost(), scenario.duplicated(),
                    scenario.deadLettered(), seconds(recovery == null ? null : recovery.faultSeconds()),
                    seconds(recovery == null ? null : recovery.firstPredictionSeconds()),
                    seconds(recovery == null ? null : recovery.lagUnderThresholdSeconds()),
                    scenario.serviceMemory() == null || scenario.serviceMemory().highWaterMb() == null ? "-"
                            : scenario.serviceMemory().highWaterMb().toString(),
                    scenario.passed() ? "pass" : "FAIL"));
        }
        text.append("(1st pred, lag ok: seconds from the fault's end to the first new prediction and to the lag back "
                + "under the threshold, lag being images sent and not yet answered; RSS: the service's VmHWM)\n");
        for (ScenarioReport scenario : report.scenarios()) {
            if (scenario.overload() != null) {
                ScenarioReport.Overload overload = scenario.overload();
                text.append(String.format(Locale.ROOT,
                        "%noverload: saturation %.0f images/s (%s), asked for %.0f/s, sent %.0f/s for %.0f s%n",
                        overload.saturationImagesPerSecond(), overload.saturationMeasured() ? "measured" : "given",
                        overload.targetImagesPerSecond(), overload.achievedImagesPerSecond(), overload.seconds()));
            }
            if (scenario.hostileCases() != null) {
                text.append(String.format(Locale.ROOT, "%n%-34s %-18s %9s  %-24s %10s  %s%n", "hostile record", "topic",
                        "bytes", "outcome", "follow-up", "result"));
                for (HostileCaseReport hostile : scenario.hostileCases()) {
                    text.append(String.format(Locale.ROOT, "%-34s %-18s %9d  %-24s %10s  %s%n", hostile.name(),
                            hostile.topic(), hostile.bytes(), abbreviate(hostile.outcome(), 24),
                            hostile.followUpMillis() == null ? "none" : hostile.followUpMillis() + " ms",
                            hostile.passed() ? "pass" : "FAIL: " + String.join("; ", hostile.problems())));
                }
            }
        }
        StringBuilder failed = new StringBuilder();
        for (ScenarioReport scenario : report.scenarios()) {
            for (Check check : scenario.checks()) {
                if (!check.passed()) {
                    failed.append(String.format(Locale.ROOT, "  %s: %s (%s)%n", scenario.name(), check.name(),
                            check.detail()));
                }
            }
        }
        if (!failed.isEmpty()) {
            text.append("\nFailed checks:\n").append(failed);
        }
        return text.toString();
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
