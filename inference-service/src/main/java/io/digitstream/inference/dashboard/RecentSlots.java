package io.digitstream.inference.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The three parts of a recently answered scan (its image, the answer and the truth), joined by id as they arrive from
 * three topics in any order: what {@link RecentDigits} and {@link RecentFields} keep. Parts stay raw bytes and are
 * decoded only for the scans shown ({@link StoredEvent}); only the newest {@code tracked} ids are kept, and an image
 * event over the size limit only marks its slot, so memory stays bounded whatever the load.
 *
 * @param <I> the image event
 * @param <A> the answer event (a prediction or a reading)
 * @param <T> the truth event (a label)
 */
final class RecentSlots<I, A, T> {

    private final Part<I> images;
    private final Part<A> answers;
    private final Part<T> truths;
    private final int maxImageEventBytes;
    private final Map<String, Slot<I, A, T>> slots;
    private long answerSequence;

    /** How one part is decoded: its deserializer and the contract topic whose schema it is checked against. */
    record Part<E>(Deserializer<E> deserializer, String contractTopic) {
    }

    RecentSlots(int tracked, int maxImageEventBytes, Part<I> images, Part<A> answers, Part<T> truths) {
        this.images = images;
        this.answers = answers;
        this.truths = truths;
        this.maxImageEventBytes = maxImageEventBytes;
        this.slots = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot<I, A, T>> eldest) {
                return size() > tracked;
            }
        };
    }

    /** An image event too large for a thumbnail still marks the slot, so the scan shows without a picture. */
    synchronized void image(String id, byte[] event) {
        if (id != null && event != null) {
            slot(id).image = event.length <= maxImageEventBytes ? stored(event, images) : null;
        }
    }

    synchronized void answer(String id, byte[] event) {
        if (id != null && event != null) {
            Slot<I, A, T> slot = slot(id);
            slot.answer = stored(event, answers);
            slot.answeredOrder = ++answerSequence;
        }
    }

    synchronized void truth(String id, byte[] event) {
        if (id != null && event != null) {
            slot(id).truth = stored(event, truths);
        }
    }

    /**
     * The newest answered scans, newest first, as {@code view} shows them; a slot {@code view} has nothing for (an
     * answer that does not decode) is skipped.
     */
    synchronized <V> List<V> newest(int count, Function<Slot<I, A, T>, Optional<V>> view) {
        List<Slot<I, A, T>> answered = new ArrayList<>();
        for (Slot<I, A, T> slot : slots.values()) {
            if (slot.answer != null) {
                answered.add(slot);
            }
        }
        answered.sort(Comparator.comparingLong((Slot<I, A, T> slot) -> slot.answeredOrder).reversed());
        List<V> newest = new ArrayList<>();
        for (Slot<I, A, T> slot : answered) {
            if (newest.size() == count) {
                break;
            }
            view.apply(slot).ifPresent(newest::add);
        }
        return newest;
    }

    private Slot<I, A, T> slot(String id) {
        return slots.computeIfAbsent(id, Slot::new);
    }

    private static <E> StoredEvent<E> stored(byte[] event, Part<E> part) {
        return new StoredEvent<>(event, part.deserializer(), part.contractTopic());
    }

    /** What has arrived so far for one id. Each part is given only when it decodes and names the slot's id. */
    static final class Slot<I, A, T> {
        private final String id;
        private StoredEvent<I> image;
        private StoredEvent<A> answer;
        private StoredEvent<T> truth;
        private long answeredOrder;
        private String thumbnail;
        private StoredEvent<I> thumbnailOf;

        private Slot(String id) {
            this.id = id;
        }

        Optional<A> answer(Function<A, String> idOf) {
            return part(answer, idOf);
        }

        Optional<T> truth(Function<T, String> idOf) {
            return part(truth, idOf);
        }

        /** The image as a thumbnail, encoded once per image event. */
        String thumbnail(Function<I, String> idOf, Function<I, Optional<String>> encoder) {
            if (image != thumbnailOf) {
                thumbnailOf = image;
                thumbnail = image == null ? null
                        : image.get().filter(i -> idOf.apply(i).equals(id)).flatMap(encoder).orElse(null);
            }
            return thumbnail;
        }

        private <E> Optional<E> part(StoredEvent<E> event, Function<E, String> idOf) {
            return event == null ? Optional.empty() : event.get().filter(e -> idOf.apply(e).equals(id));
        }
    }
}
