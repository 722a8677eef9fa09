package io.digitstream.faults.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each hostile record is what its name says, at the sizes the topic limit implies. */
class HostileRecordsTest {

    /** The broker default, which the embedded broker and the topics keep. */
    private static final int MAX_MESSAGE_BYTES = 1_048_588;
    private static final int PARTITIONS = 4;
    private static Map<String, HostileCase> cases;
    private static List<HostileCase> ordered;

    @BeforeAll
    static void build() {
        AtomicInteger sequence = new AtomicInteger();
        Function<RecordKind, String> ids = kind -> "test-" + kind.idTag() + "-" + sequence.getAndIncrement();
        byte[] digit = new byte[28 * 28];
        Arrays.fill(digit, 300, 500, (byte) 200);
        ordered = new HostileRecords(ids, PARTITIONS, MAX_MESSAGE_BYTES, digit, 7).all();
        cases = ordered.stream().collect(Collectors.toMap(HostileCase::name, Function.identity()));
    }

    @Test
    void coversTheMixOfTheIssueOnAllThreeInputTopics() {
        assertEquals(ordered.size(), cases.size(), "names are unique");
        assertTrue(cases.keySet().containsAll(Set.of("invalid-json", "tombstone", "schema-violations-95kb",
                "just-under-topic-limit", "over-topic-limit", "captured-at-year-0", "captured-at-year-9999",
                "png-header-100000x100000", "png-noise-4096x4096", "truncated-jpeg", "raw-wrong-size",
                "huge-headers")), cases.keySet()::toString);
        Set<String> topics = ordered.stream().map(c -> c.record().topic()).collect(Collectors.toSet());
        assertEquals(Set.of(Topics.IMAGES, Topics.LABELS, Topics.PREDICTIONS), topics);
    }

    @Test
    void everyImageFollowUpQueuesBehindItsHostileRecordOnEveryPartition() {
        Set<Integer> partitions = new HashSet<>();
        for (HostileCase hostileCase : ordered) {
            if (hostileCase.record().topic().equals(Topics.IMAGES)) {
                assertEquals(hostileCase.record().partition(), hostileCase.followUpPartition(), hostileCase.name());
                partitions.add(hostileCase.followUpPartition());
            }
        }
        assertEquals(Set.of(0, 1, 2, 3), partitions);
        Set<String> keys = new HashSet<>();
        ordered.forEach(c -> keys.add(c.record().topic() + "/" + c.record().key()));
        assertEquals(ordered.size(), keys.size(), "no two hostile records share topic and key");
    }

    @Test
    void sizesFollowTheTopicLimit() {
        int justUnder = cases.get("just-under-topic-limit").size();
        assertTrue(justUnder <= MAX_MESSAGE_BYTES - HostileRecords.FRAMING_MARGIN
                && justUnder > MAX_MESSAGE_BYTES - HostileRecords.FRAMING_MARGIN - 16, () -> "just under: " + justUnder);
        assertTrue(cases.get("over-topic-limit").size() > MAX_MESSAGE_BYTES);
        int headers = cases.get("huge-headers").size();
        assertTrue(headers > MAX_MESSAGE_BYTES - 20_000 && headers < MAX_MESSAGE_BYTES - 1024, () -> "headers: " + headers);
        for (HostileCase hostileCase : ordered) {
            if (!hostileCase.name().equals("over-topic-limit")) {
                assertTrue(hostileCase.size() < MAX_MESSAGE_BYTES - HostileRecords.FRAMING_MARGIN / 2,
                        hostileCase.name() + " must reach the service");
            }
        }
    }

    @Test
    void theSchemaViolationsAreThousandsOfUnknownFieldsInAbout95Kilobytes() throws IOException {
        byte[] value = cases.get("schema-violations-95kb").record().value();
        JsonNode event = EventJson.mapper().readTree(value);

        assertTrue(value.length >= 95_000 && value.length < 96_000, () -> value.length + " bytes");
        assertTrue(event.size() > 8_000, () -> event.size() + " fields");
    }

    @Test
    void thePngHeaderClaimsAHundredThousandPixelsSquareInATinyFile() throws IOException {
        byte[] png = data("png-header-100000x100000");

        assertTrue(png.length < 300);
        assertArrayEquals(new int[] {100_000, 100_000}, headerSize(png));
    }

    @Test
    void theNoisePngsHaveTheirFullSizeAndFitUnderTheLimit() throws IOException {
        assertArrayEquals(new int[] {4096, 4096}, headerSize(data("png-noise-4096x4096")));
        // 8,388,608 pixels: exactly the service's default pixel limit.
        assertArrayEquals(new int[] {4096, 2048}, headerSize(data("png-noise-4096x2048")));
    }

    @Test
    void theJpegStartsLikeOneButEndsInTheMiddle() {
        byte[] jpeg = data("truncated-jpeg");

        assertEquals(0xFF, jpeg[0] & 0xFF);
        assertEquals(0xD8, jpeg[1] & 0xFF);
        assertFalse((jpeg[jpeg.length - 2] & 0xFF) == 0xFF && (jpeg[jpeg.length - 1] & 0xFF) == 0xD9,
                "no end-of-image marker");
    }

    @Test
    void theRawImageIsShortAndTheEventTimesAreAtTheEndsOfTheCalendar() throws IOException {
        assertEquals(500, data("raw-wrong-size").length);
        assertEquals("0000-01-01T00:00:00Z", field("captured-at-year-0", "capturedAt"));
        assertEquals("9999-12-31T23:59:59Z", field("captured-at-year-9999", "capturedAt"));
        assertNull(cases.get("tombstone").record().value());
    }

    @Test
    void theMetricsTopologyRecordsMeetRealPredictionsAndLabels() throws IOException {
        HostileCase lateLabel = cases.get("label-labeled-at-year-9999");
        DigitLabel label = EventJson.mapper().readValue(lateLabel.record().value(), DigitLabel.class);
        assertEquals(lateLabel.followUpId(), lateLabel.record().key(), "it labels the follow-up image itself");
        assertEquals(lateLabel.followUpId(), label.id());
        assertEquals(HostileRecords.YEAR_9999, label.labeledAt());
        assertNull(lateLabel.record().partition(), "keyed like the service's own, so the join can meet it");

        HostileCase prediction = cases.get("prediction-times-year-0-and-9999");
        DigitPrediction event = EventJson.mapper().readValue(prediction.record().value(), DigitPrediction.class);
        assertEquals(HostileRecords.YEAR_0, event.capturedAt());
        assertEquals(HostileRecords.YEAR_9999, event.predictedAt());
        assertEquals(Topics.LABELS, prediction.companions().get(0).topic());
        assertEquals(prediction.record().key(), prediction.companions().get(0).key());
    }

    private static byte[] data(String name) {
        try {
            return Base64.getDecoder().decode(
                    EventJson.mapper().readTree(cases.get(name).record().value()).get("data").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String name, String field) throws IOException {
        return EventJson.mapper().readTree(cases.get(name).record().value()).get(field).asText();
    }

    /** Width and height from the image's header, without decoding its pixels. */
    private static int[] headerSize(byte[] image) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            try {
                reader.setInput(input);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }
}
