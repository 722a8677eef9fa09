package io.digitstream.inference.dashboard;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The most recent digits with their scan, every model's prediction and the true label, joined by image id from
 * {@code digits.images}, {@code digits.predictions} and {@code digits.labels} (committed records only). The three
 * topics are read by separate consumers, so the parts of one digit may arrive in any order; each part fills in its
 * slot. Only the newest {@code tracked-images} ids are kept, so memory stays bounded whatever the load.
 */
@ApplicationScoped
public class RecentDigits {

    private final int recentSize;
    private final ThumbnailEncoder thumbnails;
    private final Map<String, Slot> slots;
    private long predictionSequence;

    public RecentDigits(DashboardConfig config) {
        this.recentSize = config.recentSize();
        this.thumbnails = new ThumbnailEncoder(config.maxThumbnailBytes());
        int tracked = config.trackedImages();
        this.slots = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
                return size() > tracked;
            }
        };
    }

    /** Invalid image events are skipped here: the inference service sends them to the DLQ, the dashboard only shows. */
    @Incoming("dashboard-images")
    public synchronized void image(DigitImage image) {
        if (image != null) {
            slot(image.id()).thumbnail = thumbnails.dataUrl(image).orElse(null);
        }
    }

    @Incoming("dashboard-predictions")
    public synchronized void prediction(DigitPrediction prediction) {
        if (prediction != null) {
            Slot slot = slot(prediction.id());
            slot.prediction = prediction;
            slot.predictedOrder = ++predictionSequence;
        }
    }

    @Incoming("dashboard-labels")
    public synchronized void label(DigitLabel label) {
        if (label != null) {
            slot(label.id()).label = label.label();
        }
    }

    /** The newest predicted digits, newest first. */
    public synchronized List<RecentDigit> recent() {
        List<Slot> predicted = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.prediction != null) {
                predicted.add(slot);
            }
        }
        predicted.sort(Comparator.comparingLong((Slot s) -> s.predictedOrder).reversed());
        return predicted.stream()
                .limit(recentSize)
                .map(s -> RecentDigit.of(s.prediction, s.thumbnail, s.label))
                .toList();
    }

    private Slot slot(String id) {
        return slots.computeIfAbsent(id, ignored -> new Slot());
    }

    /** What has arrived so far for one image id. */
    private static final class Slot {
        String thumbnail;
        Integer label;
        DigitPrediction prediction;
        long predictedOrder;
    }
}
