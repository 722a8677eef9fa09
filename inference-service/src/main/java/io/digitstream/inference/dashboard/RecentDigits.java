package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The most recent digits with their scan, every model's prediction and the true label, joined by image id (the
 * record key) from {@code digits.images}, {@code digits.predictions} and {@code digits.labels} (committed records
 * only), each read by its own consumer ({@link RecentSlots}: bounded, decoded only when shown).
 */
@ApplicationScoped
public class RecentDigits {

    private final int recentSize;
    private final ThumbnailEncoder thumbnails;
    private final RecentSlots<DigitImage, DigitPrediction, DigitLabel> slots;

    public RecentDigits(DashboardConfig config) {
        this.recentSize = config.recentSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
        this.slots = new RecentSlots<>(config.trackedImages(), maxImageEventBytes(config),
                new RecentSlots.Part<>(new DigitImageSerde.Deserializer(), Topics.IMAGES),
                new RecentSlots.Part<>(new DigitPredictionSerde.Deserializer(), Topics.PREDICTIONS),
                new RecentSlots.Part<>(new DigitLabelSerde.Deserializer(), Topics.LABELS));
    }

    /** Base64 makes the image 4/3 larger; the rest of the event is small. */
    static int maxImageEventBytes(DashboardConfig config) {
        return config.maxThumbnailBytes() * 4 / 3 + 4096;
    }

    @Incoming("dashboard-images")
    public void image(ConsumerRecord<String, byte[]> record) {
        image(record.key(), record.value());
    }

    void image(String id, byte[] event) {
        slots.image(id, event);
    }

    @Incoming("dashboard-predictions")
    public void prediction(ConsumerRecord<String, byte[]> record) {
        prediction(record.key(), record.value());
    }

    void prediction(String id, byte[] event) {
        slots.answer(id, event);
    }

    @Incoming("dashboard-labels")
    public void label(ConsumerRecord<String, byte[]> record) {
        label(record.key(), record.value());
    }

    void label(String id, byte[] event) {
        slots.truth(id, event);
    }

    /** The newest validly predicted digits, newest first. */
    public List<RecentDigit> recent() {
        return slots.newest(recentSize, slot -> slot.answer(DigitPrediction::id).map(prediction -> RecentDigit.of(
                prediction, slot.thumbnail(DigitImage::id, thumbnails::dataUrl),
                slot.truth(DigitLabel::id).map(DigitLabel::label).orElse(null))));
    }
}
