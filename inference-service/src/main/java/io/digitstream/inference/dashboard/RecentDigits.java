package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitLabelSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The most recent digits with their scan, every model's prediction and the true label, joined by image id (the
 * record key) from {@code digits.images}, {@code digits.predictions} and {@code digits.labels} (committed records
 * only). The three topics are read by separate consumers, so the parts of one digit may arrive in any order; each
 * part fills in its slot. Parts are kept as raw bytes and decoded only for the digits shown ({@link StoredEvent}).
 * Only the newest {@code tracked-images} ids are kept, and image events over the thumbnail limit are not kept at all,
 * so memory stays bounded whatever the load.
 */
@ApplicationScoped
public class RecentDigits {

    private final int recentSize;
    private final int maxImageEventBytes;
    private final ThumbnailEncoder thumbnails;
    private final Map<String, Slot> slots;
    private final DigitImageSerde.Deserializer images = new DigitImageSerde.Deserializer();
    private final DigitPredictionSerde.Deserializer predictions = new DigitPredictionSerde.Deserializer();
    private final DigitLabelSerde.Deserializer labels = new DigitLabelSerde.Deserializer();
    private long predictionSequence;

    public RecentDigits(DashboardConfig config) {
        this.recentSize = config.recentSize();
        // Base64 makes the image 4/3 larger; the rest of the event is small.
        this.maxImageEventBytes = config.maxThumbnailBytes() * 4 / 3 + 4096;
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
        int tracked = config.trackedImages();
        this.slots = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
                return size() > tracked;
            }
        };
    }

    @Incoming("dashboard-images")
    public void image(ConsumerRecord<String, byte[]> record) {
        image(record.key(), record.value());
    }

    /** An image event too large for a thumbnail still marks the slot, so the digit shows without a picture. */
    synchronized void image(String id, byte[] event) {
        if (id != null && event != null) {
            slot(id).image = event.length <= maxImageEventBytes ? new StoredEvent<>(event, images, Topics.IMAGES) : null;
        }
    }

    @Incoming("dashboard-predictions")
    public void prediction(ConsumerRecord<String, byte[]> record) {
        prediction(record.key(), record.value());
    }

    synchronized void prediction(String id, byte[] event) {
        if (id != null && event != null) {
            Slot slot = slot(id);
            slot.prediction = new StoredEvent<>(event, predictions, Topics.PREDICTIONS);
            slot.predictedOrder = ++predictionSequence;
        }
    }

    @Incoming("dashboard-labels")
    public void label(ConsumerRecord<String, byte[]> record) {
        label(record.key(), record.value());
    }

    synchronized void label(String id, byte[] event) {
        if (id != null && event != null) {
            slot(id).label = new StoredEvent<>(event, labels, Topics.LABELS);
        }
    }

    /** The newest validly predicted digits, newest first. */
    public synchronized List<RecentDigit> recent() {
        List<Map.Entry<String, Slot>> predicted = new ArrayList<>();
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            if (entry.getValue().prediction != null) {
                predicted.add(entry);
            }
        }
        predicted.sort(Comparator.comparingLong((Map.Entry<String, Slot> e) -> e.getValue().predictedOrder).reversed());
        List<RecentDigit> recent = new ArrayList<>();
        for (Map.Entry<String, Slot> entry : predicted) {
            if (recent.size() == recentSize) {
                break;
            }
            String id = entry.getKey();
            Slot slot = entry.getValue();
            Optional<DigitPrediction> prediction = slot.prediction.get().filter(p -> p.id().equals(id));
            if (prediction.isPresent()) {
                recent.add(RecentDigit.of(prediction.get(), slot.thumbnail(id, thumbnails), slot.label(id)));
            }
        }
        return recent;
    }

    private Slot slot(String id) {
        return slots.computeIfAbsent(id, ignored -> new Slot());
    }

    /** What has arrived so far for one image id. */
    private static final class Slot {
        StoredEvent<DigitImage> image;
        StoredEvent<DigitLabel> label;
        StoredEvent<DigitPrediction> prediction;
        long predictedOrder;
        String thumbnail;
        StoredEvent<DigitImage> thumbnailOf;

        String thumbnail(String id, ThumbnailEncoder encoder) {
            if (image != thumbnailOf) {
                thumbnailOf = image;
                thumbnail = image == null ? null
                        : image.get().filter(i -> i.id().equals(id)).flatMap(encoder::dataUrl).orElse(null);
            }
            return thumbnail;
        }

        Integer label(String id) {
            return label == null ? null : label.get().filter(l -> l.id().equals(id)).map(DigitLabel::label).orElse(null);
        }
    }
}
