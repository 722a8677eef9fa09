package io.digitstream.faults.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole run: {@code reports/fault-report.json}.
 *
 * @param passed            every check of every scenario passed and the run was not cut short
 * @param abortedBecause    why the run ended early (a process that would not start, Ctrl-C), else null
 * @param settings          the settings that shape the numbers (rate, limits, durations)
 * @param outstandingAtEnd  valid images still without an answer when the drain ended
 * @param foreignAnswers    answers for keys the harness did not send as images (other producers, its own hostile
 *                          predictions); never matched, only counted
 */
public record FaultReport(String runId, Instant startedAt, Instant finishedAt, boolean passed, String abortedBecause,
        int availableProcessors, Map<String, Object> settings, String runDirectory, long outstandingAtEnd,
        long foreignAnswers, List<ScenarioReport> scenarios) {
}
