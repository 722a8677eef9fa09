package io.digitstream.faults.report;

import java.util.List;

/**
 * One hostile record in the report.
 *
 * @param outcome             what became of it: a DLQ reason, {@code predicted}, {@code refused-by-broker},
 *                            {@code no-answer}, or {@code answered-N-times: ...}
 * @param followUpMillis      from sending the valid image after it to its prediction; null when not within the
 *                            deadline
 * @param problems            every expectation it missed, empty when it passed
 */
public record HostileCaseReport(String name, String description, String topic, Integer partition, int bytes,
        String key, String brokerError, String outcome, List<String> acceptableOutcomes, String followUpId,
        int followUpPartition, Long followUpMillis, Integer readyStatus, Integer recentStatus, boolean passed,
        List<String> problems) {
}
