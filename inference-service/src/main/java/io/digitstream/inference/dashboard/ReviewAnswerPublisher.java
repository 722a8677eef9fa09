package io.digitstream.inference.dashboard;

import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewAnswerSerde;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes a reviewer's answer to {@code digits.review-answers} and, for a digit, its label to {@code digits.labels}
 * (for a form field's value, to {@code digits.field-labels}),
 * each acknowledged by the brokers (acks=all) before the reviewer is told it is saved. The answer goes first: a label
 * without its answer would count in the metrics while the scan is not kept for training.
 */
@ApplicationScoped
public class ReviewAnswerPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MutinyEmitter<byte[]> outputs;
    private final TopicNames topics;
    private final ReviewAnswerSerde.Serializer answers = new ReviewAnswerSerde.Serializer();
    private final DigitLabelSerde.Serializer labels = new DigitLabelSerde.Serializer();
    private final FieldLabelSerde.Serializer fieldLabels = new FieldLabelSerde.Serializer();

    public ReviewAnswerPublisher(@Channel("review-outputs") MutinyEmitter<byte[]> outputs, TopicNames topics) {
        this.outputs = outputs;
        this.topics = topics;
    }

    /** @throws RuntimeException when a broker did not acknowledge in time: nothing is known to be saved */
    public void publish(ReviewAnswer answer) {
        send(topics.reviewAnswers(), answer.id(), answers.serialize(topics.reviewAnswers(), answer));
        DigitLabel label = answer.label();
        if (label != null) {
            send(topics.labels(), label.id(), labels.serialize(topics.labels(), label));
        }
        FieldLabel fieldLabel = answer.fieldLabel();
        if (fieldLabel != null) {
            send(topics.fieldLabels(), fieldLabel.id(), fieldLabels.serialize(topics.fieldLabels(), fieldLabel));
        }
    }

    private void send(String topic, String key, byte[] value) {
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build());
        Uni<Void> acked = outputs.sendMessage(message);
        acked.await().atMost(ACK_TIMEOUT);
    }
}
