package io.digitstream.inference.dashboard;

import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldImageSerde;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldLabelSerde;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldReadingSerde;
import io.digitstream.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The most recent form fields with their scan, the reading (boxes and every model's digits) and the true string,
 * joined by field id from {@code digits.fields}, {@code digits.field-readings} and {@code digits.field-labels}
 * ({@link RecentSlots}: bounded, decoded only when shown). Fields are far fewer than digits, so one consumer reads
 * all three topics and tells them apart by the record's topic.
 */
@ApplicationScoped
public class RecentFields {

    private final int recentSize;
    private final ThumbnailEncoder thumbnails;
    private final TopicNames topics;
    private final RecentSlots<FieldImage, FieldReading, FieldLabel> slots;

    public RecentFields(DashboardConfig config, TopicNames topics) {
        this.recentSize = config.recentFieldsSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
        this.topics = topics;
        this.slots = new RecentSlots<>(config.trackedImages(), RecentDigits.maxImageEventBytes(config),
                new RecentSlots.Part<>(new FieldImageSerde.Deserializer(), Topics.FIELDS),
                new RecentSlots.Part<>(new FieldReadingSerde.Deserializer(), Topics.FIELD_READINGS),
                new RecentSlots.Part<>(new FieldLabelSerde.Deserializer(), Topics.FIELD_LABELS));
    }

    @Incoming("dashboard-fields")
    public void record(ConsumerRecord<String, byte[]> record) {
        record(record.topic(), record.key(), record.value());
    }

    /** A record from any topic but the three is ignored: the channel's topics are configured separately. */
    void record(String topic, String id, byte[] event) {
        if (topics.fields().equals(topic)) {
            slots.image(id, event);
        } else if (topics.fieldReadings().equals(topic)) {
            slots.answer(id, event);
        } else if (topics.fieldLabels().equals(topic)) {
            slots.truth(id, event);
        }
    }

    /** The newest validly read fields, newest first. */
    public List<RecentField> recent() {
        return slots.newest(recentSize, slot -> slot.answer(FieldReading::id).map(reading -> RecentField.of(reading,
                slot.thumbnail(FieldImage::id, thumbnails::dataUrl),
                slot.truth(FieldLabel::id).map(FieldLabel::value).orElse(null))));
    }
}
