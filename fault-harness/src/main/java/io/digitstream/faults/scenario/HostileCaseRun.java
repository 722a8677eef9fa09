package io.digitstream.faults.scenario;

import io.digitstream.faults.hostile.HostileCase;
import io.digitstream.faults.kafka.TrackedRecord;

/**
 * One hostile case as it was sent: the hostile record and its follow-up in the ledger (their answers are complete
 * only at the end of the run), how soon the follow-up was predicted, and the service's health right after.
 *
 * @param followUpMillis  from the follow-up's acknowledgement to its prediction being visible; null when it was not
 *                        predicted within the deadline
 * @param readyStatus     HTTP status of {@code /q/health/ready} after the follow-up (-1: no answer)
 * @param recentStatus    HTTP status of {@code /api/recent} (the dashboard's view of the predictions)
 */
public record HostileCaseRun(HostileCase hostileCase, TrackedRecord hostile, TrackedRecord followUp,
        Long followUpMillis, int readyStatus, int recentStatus) {
}
