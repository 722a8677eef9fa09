package io.digitstream.inference.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** One record the service writes, to whichever output topic; all of a batch's records share one transaction. */
public record OutputRecord(String topic, String key, byte[] value, Headers headers) {

    public OutputRecord(String topic, String key, byte[] value) {
        this(topic, key, value, new RecordHeaders());
    }

    Message<byte[]> toMessage() {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build());
    }
}
