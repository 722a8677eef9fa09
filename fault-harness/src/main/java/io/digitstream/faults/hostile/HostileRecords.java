package io.digitstream.faults.hostile;

import static io.digitstream.faults.hostile.HostileOutcome.NO_ANSWER;
import static io.digitstream.faults.hostile.HostileOutcome.PREDICTED;
import static io.digitstream.faults.hostile.HostileOutcome.REFUSED_BY_BROKER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The hostile mix of issue 11: records a careless or hostile producer can write to the pipeline's input topics,
 * each paired with the valid image that must still be predicted right after it. Sizes follow the topic's real
 * {@code max.message.bytes}, so the mix stays "just under" and "over" the limit when the limit changes.
 */
public final class HostileRecords {

    /** Earliest and latest instants the event schemas' date-time format can carry. */
    static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z");
    /** Room for the key, the record and batch framing under max.message.bytes. */
    static final int FRAMING_MARGIN = 512;
    static final int SCHEMA_VIOLATIONS_BYTES = 95_000;
    private static final int SIDE = 28;

    private final Function<RecordKind, String> ids;
    private final int partitions;
    private final int maxMessageBytes;
    private final byte[] digit;
    private final int digitLabel;
    private final List<HostileCase> cases = new ArrayList<>();

    /**
     * @param ids             new unique ids by kind (the load's, so no id repeats in a run)
     * @param partitions      partitions of {@code digits.images}; the cases are spread over all of them
     * @param maxMessageBytes the {@code digits.images} topic's {@code max.message.bytes}
     * @param digit           one MNIST test digit (28x28 raw bytes) for the hostile events that carry a real image
     */
    public HostileRecords(Function<RecordKind, String> ids, int partitions, int maxMessageBytes, byte[] digit,
            int digitLabel) {
        this.ids = ids;
        this.partitions = partitions;
        this.maxMessageBytes = maxMessageBytes;
        this.digit = digit.clone();
        this.digitLabel = digitLabel;
    }

    /** Every case, in the order they are sent. Builds the large payloads (a few seconds for the noise PNGs). */
    public List<HostileCase> all() {
        imageCases();
        labelCases();
        predictionCases();
        return List.copyOf(cases);
    }

    private void imageCases() {
        image("invalid-json", "a value that is not JSON", utf8("{\"id\": \"unterminated"), DlqReason.INVALID_JSON);
        image("tombstone", "a key with a null value", null, DlqReason.INVALID_JSON);
        String id = ids.apply(RecordKind.HOSTILE);
        image(id, "schema-violations-95kb", "an image event with ~8,600 unknown fields (~95 KB, thousands of "
                + "schema violations; their list is far longer than the DLQ detail limit)", schemaViolations(id),
                List.of(), DlqReason.SCHEMA_VIOLATION.code());
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "just-under-topic-limit", "an image event of " + (maxMessageBytes - FRAMING_MARGIN)
                + " bytes, just under the topic's max.message.bytes (" + maxMessageBytes + "), not a decodable PNG",
                paddedEvent(id, maxMessageBytes - FRAMING_MARGIN), List.of(),
                DlqReason.PAYLOAD_TOO_LARGE.code(), DlqReason.CORRUPT_IMAGE.code());
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "over-topic-limit", "an image event 64 KiB over the topic's max.message.bytes",
                paddedEvent(id, maxMessageBytes + 65_536), List.of(), REFUSED_BY_BROKER);
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "captured-at-year-0", "a valid image captured at 0000-01-01T00:00:00Z",
                json(new DigitImage(id, null, YEAR_0, ImageEncoding.RAW, SIDE, SIDE, digit)), List.of(),
                DlqReason.IMPLAUSIBLE_TIME.code(), PREDICTED);
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "captured-at-year-9999", "a valid image captured at 9999-12-31T23:59:59Z",
                json(new DigitImage(id, null, YEAR_9999, ImageEncoding.RAW, SIDE, SIDE, digit)), List.of(),
                DlqReason.IMPLAUSIBLE_TIME.code(), PREDICTED);
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "png-header-100000x100000", "a 28x28 image event whose PNG header claims 100000x100000 pixels",
                json(new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, SIDE, SIDE,
                        CraftedImages.pngClaiming(100_000, 100_000))), List.of(),
                DlqReason.IMAGE_TOO_LARGE.code(), DlqReason.WRONG_SIZE.code());
        int pngBudget = base64Budget();
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "png-noise-4096x4096", "a 4096x4096 PNG of specks on white (16.8 Mpixels)",
                json(new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, 4096, 4096,
                        CraftedImages.noisePng(4096, 4096, pngBudget, 4096))), List.of(),
                DlqReason.IMAGE_TOO_LARGE.code(), PREDICTED);
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "png-noise-4096x2048", "a 4096x2048 PNG of specks on white (8.4 Mpixels, the default pixel "
                + "limit: decoding it is the most work the limits let through)",
                json(new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, 4096, 2048,
                        CraftedImages.noisePng(4096, 2048, pngBudget, 2048))), List.of(),
                PREDICTED, DlqReason.IMAGE_TOO_LARGE.code());
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "truncated-jpeg", "a 280x280 JPEG scan of a digit cut off at half its length",
                json(new DigitImage(id, null, Instant.now(), ImageEncoding.JPEG, SIDE * 10, SIDE * 10,
                        CraftedImages.truncatedJpeg(digit, SIDE, 10))), List.of(), DlqReason.CORRUPT_IMAGE.code());
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "raw-wrong-size", "a raw 28x28 image event with 500 bytes of data",
                json(new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, SIDE, SIDE,
                        Arrays.copyOf(digit, 500))), List.of(), DlqReason.WRONG_SIZE.code());
        id = ids.apply(RecordKind.HOSTILE);
        image(id, "huge-headers", "a value that is not JSON with 64 headers of ~16 KB each (just under the topic "
                + "limit in all), which a dead letter would have to carry",
                utf8("not an image event"), hugeHeaders(), DlqReason.INVALID_JSON.code());
    }

    private void labelCases() {
        String key = ids.apply(RecordKind.HOSTILE);
        metrics(Topics.LABELS, key, ids.apply(RecordKind.FOLLOW_UP), "label-invalid-json",
                "a label that is not JSON", utf8("{\"label\": "), List.of(), DlqReason.INVALID_JSON.code());
        key = ids.apply(RecordKind.HOSTILE);
        metrics(Topics.LABELS, key, ids.apply(RecordKind.FOLLOW_UP), "label-tombstone", "a label key with a null value",
                null, List.of(), DlqReason.INVALID_JSON.code());
        // These two label the follow-up image itself, so the join meets the absurd time with a real prediction.
        String followUp = ids.apply(RecordKind.FOLLOW_UP);
        metrics(Topics.LABELS, followUp, followUp, "label-labeled-at-year-0",
                "the follow-up image's label, labeled at 0000-01-01T00:00:00Z",
                json(new DigitLabel(followUp, digitLabel, YEAR_0)), List.of(),
                DlqReason.IMPLAUSIBLE_TIME.code(), NO_ANSWER);
        followUp = ids.apply(RecordKind.FOLLOW_UP);
        metrics(Topics.LABELS, followUp, followUp, "label-labeled-at-year-9999",
                "the follow-up image's label, labeled at 9999-12-31T23:59:59Z",
                json(new DigitLabel(followUp, digitLabel, YEAR_9999)), List.of(),
                DlqReason.IMPLAUSIBLE_TIME.code(), NO_ANSWER);
    }

    private void predictionCases() {
        String key = ids.apply(RecordKind.HOSTILE);
        metrics(Topics.PREDICTIONS, key, ids.apply(RecordKind.FOLLOW_UP), "prediction-invalid-json",
                "a prediction that is not JSON", utf8("[1, 2,"), List.of(), DlqReason.INVALID_JSON.code());
        key = ids.apply(RecordKind.HOSTILE);
        // With its label, so the join computes the label delay and latency from these times.
        ProducerRecord<String, byte[]> label = new ProducerRecord<>(Topics.LABELS, key,
                json(new DigitLabel(key, digitLabel, Instant.now())));
        metrics(Topics.PREDICTIONS, key, ids.apply(RecordKind.FOLLOW_UP), "prediction-times-year-0-and-9999",
                "a prediction captured at 0000-01-01 and predicted at 9999-12-31, with a label for it",
                json(prediction(key, YEAR_0, YEAR_9999)), List.of(label),
                DlqReason.IMPLAUSIBLE_TIME.code(), NO_ANSWER);
    }

    private void image(String name, String description, byte[] value, DlqReason reason) {
        image(ids.apply(RecordKind.HOSTILE), name, description, value, List.of(), reason.code());
    }

    private void image(String key, String name, String description, byte[] value, List<RecordHeader> headers,
            String... acceptable) {
        int partition = cases.size() % partitions;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGES, partition, key, value,
                new ArrayList<>(headers));
        cases.add(new HostileCase(name, description, record, ids.apply(RecordKind.FOLLOW_UP), partition, List.of(),
                Set.of(acceptable)));
    }

    /**
     * A label or prediction: keyed by image id and left to the default partitioner, as the service's own are, so
     * the metrics topology's join sees it beside the prediction or label of the same id.
     */
    private void metrics(String topic, String key, String followUpId, String name, String description, byte[] value,
            List<ProducerRecord<String, byte[]>> companions, String... acceptable) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        cases.add(new HostileCase(name, description, record, followUpId, cases.size() % partitions, companions,
                Set.of(acceptable)));
    }

    private byte[] schemaViolations(String id) {
        ObjectNode event = EventJson.mapper().valueToTree(
                new DigitImage(id, null, Instant.now(), ImageEncoding.RAW, SIDE, SIDE, digit));
        int size = json(event).length;
        for (int field = 0; size < SCHEMA_VIOLATIONS_BYTES; field++) {
            String name = String.format(Locale.ROOT, "u%05d", field);
            event.put(name, 0);
            size += name.length() + 5;
        }
        return json(event);
    }

    /**
     * An image event of {@code bytes} bytes (a few less at most) whose data is random, so it is no decodable image:
     * the size is the point.
     */
    private byte[] paddedEvent(String id, int bytes) {
        int overhead = json(new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, SIDE, SIDE, new byte[3])).length
                - 4;
        byte[] noise = new byte[(bytes - overhead) / 4 * 3];
        new SplittableRandom(bytes).nextBytes(noise);
        return json(new DigitImage(id, null, Instant.now(), ImageEncoding.PNG, SIDE, SIDE, noise));
    }

    /** The largest PNG whose base64 still fits in an image event under the topic limit. */
    private int base64Budget() {
        return (maxMessageBytes - FRAMING_MARGIN - 1024) / 4 * 3;
    }

    private List<RecordHeader> hugeHeaders() {
        int count = 64;
        int each = (maxMessageBytes - 16 * 1024) / count;
        List<RecordHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[each];
            Arrays.fill(value, (byte) ('a' + i % 26));
            headers.add(new RecordHeader(String.format(Locale.ROOT, "x-hostile-%02d", i), value));
        }
        return headers;
    }

    private DigitPrediction prediction(String id, Instant capturedAt, Instant predictedAt) {
        List<Double> probabilities = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        probabilities.set(digitLabel, 1.0);
        ModelPrediction model = new ModelPrediction("mlp", "hostile", digitLabel, 1.0, probabilities, 0.1);
        return new DigitPrediction(id, List.of(model), new EnsemblePrediction(digitLabel, 1.0, probabilities), true,
                capturedAt, predictedAt, predictedAt);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
