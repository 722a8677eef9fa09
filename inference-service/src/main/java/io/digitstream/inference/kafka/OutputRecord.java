package io.digitstream.inference.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** One record the service writes, to whichever output topic; all of a batch's records share one transaction. */
public record OutputRecord(String topic, String key, byte[] value, Headers headers) {

    public OutputRecord(String topic, String key, byte[] value) {
        this(topic, key, value, new RecordHeaders());
    }

    ProducerRecord<String, byte[]> toProducerRecord() {
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
