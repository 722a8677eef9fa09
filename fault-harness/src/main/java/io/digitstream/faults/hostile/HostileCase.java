package io.digitstream.faults.hostile;

import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One hostile record and what must follow it.
 *
 * @param name               short name for the report, e.g. {@code truncated-jpeg}
 * @param description        what the record is, in words
 * @param record             the hostile record (topic, partition, key, value, headers)
 * @param followUpId         id of the valid image sent right after it, which must be predicted within the deadline;
 *                           the hostile record may refer to it (a label for that image)
 * @param followUpPartition  the partition of {@code digits.images} the follow-up goes to: the hostile record's own
 *                           partition when it is on {@code digits.images}, so the follow-up queues behind it
 * @param companions         valid records sent with it, e.g. the label that makes a hostile prediction join
 * @param acceptableOutcomes what may become of the hostile record: {@link HostileOutcome} values or DLQ reason codes
 */
public record HostileCase(String name, String description, ProducerRecord<String, byte[]> record, String followUpId,
        int followUpPartition, List<ProducerRecord<String, byte[]>> companions, Set<String> acceptableOutcomes) {

    public HostileCase {
        companions = List.copyOf(companions);
        acceptableOutcomes = Set.copyOf(acceptableOutcomes);
    }

    /** Bytes of the value plus every header's key and value, as the broker counts most of them. */
    public int size() {
        int size = record.value() == null ? 0 : record.value().length;
        for (var header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }
}
