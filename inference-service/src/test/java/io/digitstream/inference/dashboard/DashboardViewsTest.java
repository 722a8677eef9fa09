package io.digitstream.inference.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldLabel;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.FieldSegmentation;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.schemas.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The dashboard's in-memory views: joining by id in any arrival order, bounds, newest first, thumbnails. */
class DashboardViewsTest {

    private static final Instant CAPTURED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void imagePredictionAndLabelAreJoinedWhateverTheirOrder() {
        RecentDigits recent = new RecentDigits(config(10, 100, 10, 65536));
        recent.label("b", json(new DigitLabel("b", 3, CAPTURED)));
        recent.prediction("b", json(prediction("b", 3, 0.9, 12)));
        recent.image("b", json(rawImage("b", 40)));
        recent.image("a", json(rawImage("a", 40)));
        recent.prediction("a", json(prediction("a", 7, 0.6, 5)));

        List<RecentDigit> digits = recent.recent();
        assertEquals(List.of("a", "b"), digits.stream().map(RecentDigit::id).toList(), "newest prediction first");
        RecentDigit b = digits.get(1);
        assertEquals(3, b.label());
        assertEquals(3, b.digit());
        assertEquals(12.0, b.endToEndMs(), 1e-9);
        assertTrue(b.thumbnail().startsWith("data:image/png;base64,"));
        assertNull(digits.get(0).label(), "no label arrived for a");
        assertEquals(List.of("mlp", "cnn"), digits.get(0).models().stream().map(ModelVote::model).toList());
    }

    /** The view reads the topics directly: event times may be anything the schema allows, and are shown as given. */
    @Test
    void predictionsWithExtremeTimesAreShownWithTheirTimesAsGiven() throws Exception {
        Instant year0 = Instant.parse("0000-01-01T00:00:00Z");
        Instant year9999 = Instant.parse("9999-12-31T23:59:59.999Z");
        RecentDigits recent = new RecentDigits(config(10, 100, 10, 65536));
        recent.prediction("forward", json(withTimes(prediction("forward", 2, 0.9, 1), year0, year9999)));
        recent.prediction("backward", json(withTimes(prediction("backward", 5, 0.9, 1), year9999, year0)));

        List<RecentDigit> digits = recent.recent();
        assertEquals(List.of("backward", "forward"), digits.stream().map(RecentDigit::id).toList());
        double allTimeMs = (year9999.getEpochSecond() - year0.getEpochSecond()) * 1000.0 + 999;
        assertEquals(-allTimeMs, digits.get(0).endToEndMs());
        assertEquals(allTimeMs, digits.get(1).endToEndMs(), "3e14 ms: past what Duration.toNanos can hold");
        assertEquals(year9999, digits.get(1).predictedAt());
        String shown = EventJson.mapper().writeValueAsString(digits);
        assertTrue(shown.contains("\"predictedAt\":\"0000-01-01T00:00:00Z\""), shown);
    }

    @Test
    void imagesWithoutPredictionAreNotListedAndOnlyTheNewestAreKept() {
        RecentDigits recent = new RecentDigits(config(3, 5, 10, 65536));
        recent.image("waiting", json(rawImage("waiting", 1)));
        for (int i = 0; i < 8; i++) {
            recent.prediction("p" + i, json(prediction("p" + i, i, 0.9, 1)));
        }
        assertEquals(List.of("p7", "p6", "p5"), recent.recent().stream().map(RecentDigit::id).toList());
    }

    @Test
    void invalidEventsReachTheViewsAsNullAndAreSkipped() {
        RecentDigits recent = new RecentDigits(config(3, 5, 10, 65536));
        recent.image(null, null);
        recent.prediction(null, null);
        recent.label(null, null);
        ReviewQueue review = new ReviewQueue(config(3, 5, 10, 65536));
        review.flagged("x", null);
        assertEquals(List.of(), recent.recent());
        assertEquals(0, review.view().totalFlagged());
    }

    @Test
    void fieldScanReadingAndTrueStringAreJoinedWhateverTheirOrder() {
        RecentFields recent = new RecentFields(config(10, 100, 10, 65536), TopicNames.DEFAULTS);
        recent.record(Topics.FIELD_LABELS, "f1", json(new FieldLabel("f1", "12", CAPTURED)));
        recent.record(Topics.FIELD_READINGS, "f1", json(fieldReading("f1", "12", "17")));
        recent.record(Topics.FIELDS, "f1", json(rawField("f1")));
        recent.record(Topics.FIELD_READINGS, "f2", json(fieldReading("f2", "34", "34")));

        List<RecentField> fields = recent.recent();
        assertEquals(List.of("f2", "f1"), fields.stream().map(RecentField::id).toList(), "newest reading first");
        RecentField f1 = fields.get(1);
        assertEquals("12", f1.value());
        assertEquals("12", f1.label());
        assertTrue(f1.thumbnail().startsWith("data:image/png;base64,"));
        assertEquals(List.of(4, 2, 16, 24), Arrays.stream(f1.boxes().get(0)).boxed().toList());
        assertEquals(List.of(24, 2, 16, 24), Arrays.stream(f1.boxes().get(1)).boxed().toList());
        assertEquals(List.of(new ModelVote.FieldVote("mlp", "17", 0.9)), f1.models());
        assertEquals(80.0, f1.endToEndMs(), 1e-9);
        assertNull(fields.get(0).label(), "no true string arrived for f2");
        assertNull(fields.get(0).thumbnail(), "no scan arrived for f2");
    }

    /** Hostile or foreign records on the channel: none may break the view or show under another field's id. */
    @Test
    void fieldRecordsThatDoNotBelongAreIgnoredAndOnlyTheNewestAreKept() {
        RecentFields recent = new RecentFields(config(3, 5, 10, 200), TopicNames.DEFAULTS);
        recent.record(Topics.IMAGES, "g0", json(fieldReading("g0", "1", "1")));            // another topic
        recent.record(Topics.FIELD_READINGS, "g1", "{not json".getBytes(StandardCharsets.UTF_8));
        recent.record(Topics.FIELD_READINGS, "g2", json(fieldReading("other", "2", "2"))); // key is not its id
        recent.record(Topics.FIELD_READINGS, null, null);
        recent.record(Topics.FIELD_LABELS, "g3", json(new FieldLabel("g4", "99", CAPTURED)));
        recent.record(Topics.FIELD_READINGS, "g3", json(fieldReading("g3", "3", "3")));
        recent.record(Topics.FIELDS, "g3", json(rawField("g3")));                           // over 200 bytes
        assertEquals(List.of("g3"), recent.recent().stream().map(RecentField::id).toList());
        assertNull(recent.recent().get(0).label(), "a label naming another field is not g3's");
        assertNull(recent.recent().get(0).thumbnail(), "a scan over the thumbnail limit is not shown");

        for (int i = 0; i < 8; i++) {
            recent.record(Topics.FIELD_READINGS, "h" + i, json(fieldReading("h" + i, "5", "5")));
        }
        assertEquals(List.of("h7", "h6", "h5"), recent.recent().stream().map(RecentField::id).toList());
    }

    @Test
    void reviewQueueKeepsTheNewestItemsAndCountsAll() {
        ReviewQueue review = new ReviewQueue(config(3, 5, 2, 65536));
        for (int i = 0; i < 5; i++) {
            String id = "r" + i;
            review.flagged(id, json(new ReviewItem(i % 2 == 0 ? ReviewReason.LOW_CONFIDENCE : ReviewReason.DISAGREEMENT,
                    prediction(id, 1, 0.4, 3), rawImage(id, 9), CAPTURED)));
        }
        ReviewQueueView view = review.view();
        assertEquals(5, view.totalFlagged());
        assertEquals(List.of("r4", "r3"), view.newest().stream().map(ReviewEntry::id).toList());
        assertEquals(ReviewReason.LOW_CONFIDENCE, view.newest().get(0).reason());
        assertEquals(0.4, view.newest().get(0).confidence(), 1e-9);

        assertTrue(review.waiting("r3").isPresent());
        assertTrue(review.waiting("r1").isPresent(), "no longer shown, still answerable");
        assertTrue(review.answered("r3"));
        assertFalse(review.answered("r3"), "answered once");
        assertTrue(review.waiting("r3").isEmpty());
        assertEquals(List.of("r4"), review.view().newest().stream().map(ReviewEntry::id).toList());
        assertEquals(1, review.view().totalAnswered());
    }

    @Test
    void theAnswerableItemsAreBoundedByBytesOldestFirst() {
        byte[] item = json(new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction("a0", 1, 0.4, 3), rawImage("a0", 9),
                CAPTURED));
        ReviewQueue review = new ReviewQueue(config(3, 5, 2, 65536), 3L * item.length + 10);
        for (int i = 0; i < 5; i++) {
            String id = "a" + i;
            review.flagged(id, json(new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction(id, 1, 0.4, 3),
                    rawImage(id, 9), CAPTURED)));
        }
        assertTrue(review.waiting("a1").isEmpty(), "the oldest went when the budget was full");
        assertTrue(review.waiting("a2").isPresent());
        assertTrue(review.waiting("a4").isPresent());
        assertFalse(review.answered("a0"), "an evicted item cannot be answered");
        review.flagged("a2", json(new ReviewItem(ReviewReason.DISAGREEMENT, prediction("a2", 1, 0.4, 3),
                rawImage("a2", 9), CAPTURED)));
        assertTrue(review.waiting("a2").isPresent(), "flagged again: held once, as the newest");
    }

    @Test
    void invalidOrMiskeyedPartsAreLeftOutWhenShown() {
        RecentDigits recent = new RecentDigits(config(10, 100, 10, 65536));
        recent.prediction("good", json(prediction("good", 4, 0.9, 1)));
        recent.image("good", json(rawImage("other", 40)));               // keyed by the wrong id: no thumbnail
        recent.label("good", "{\"label\":".getBytes(StandardCharsets.UTF_8));   // not JSON: no label
        recent.prediction("broken", "{not json".getBytes(StandardCharsets.UTF_8));
        recent.prediction("miskeyed", json(prediction("someone-else", 1, 0.9, 1)));

        List<RecentDigit> digits = recent.recent();
        assertEquals(List.of("good"), digits.stream().map(RecentDigit::id).toList());
        assertNull(digits.get(0).thumbnail());
        assertNull(digits.get(0).label());

        ReviewQueue review = new ReviewQueue(config(3, 5, 2, 65536));
        review.flagged("bad", "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), review.view().newest(), "an item that does not decode is not listed");
    }

    @Test
    void rawThumbnailsShowDarkInkOnWhitePaper() throws Exception {
        String url = new ThumbnailEncoder(65536).dataUrl(rawImage("x", 255)).orElseThrow();
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        assertEquals(28, png.getWidth());
        assertEquals(0, png.getRaster().getSample(14, 14, 0), "ink (255 in MNIST polarity) is black");
        assertEquals(255, png.getRaster().getSample(0, 0, 0), "background is white");
    }

    @Test
    void scansArePassedThroughUnlessTooLarge() {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        DigitImage png = new DigitImage("s", null, CAPTURED, ImageEncoding.PNG, 10, 10, bytes);
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(bytes),
                new ThumbnailEncoder(7).dataUrl(png).orElseThrow());
        assertTrue(new ThumbnailEncoder(6).dataUrl(png).isEmpty(), "over the thumbnail size limit");
        DigitImage wrongSize = new DigitImage("w", null, CAPTURED, ImageEncoding.RAW, 28, 28, new byte[700]);
        assertTrue(new ThumbnailEncoder(65536).dataUrl(wrongSize).isEmpty(), "raw bytes that do not fill 28x28");
    }

    private static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw 28x28 image: background 0, a 4x4 square of {@code ink} in the centre. */
    /** Two digits read (ensemble {@code value}, mlp {@code mlp}) in boxes 20 px apart, 80 ms after capture. */
    private static FieldReading fieldReading(String id, String value, String mlp) {
        List<FieldDigit> digits = new ArrayList<>();
        for (int i = 0; i < value.length(); i++) {
            List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.1 / 9));
            probabilities.set(value.charAt(i) - '0', 0.9);
            int modelDigit = mlp.charAt(i) - '0';
            digits.add(new FieldDigit(new DigitBox(4 + 20 * i, 2, 16, 24),
                    new EnsemblePrediction(value.charAt(i) - '0', 0.9, probabilities),
                    List.of(new ModelPrediction("mlp", "1", modelDigit, 0.9, probabilities, 0.1)),
                    modelDigit == value.charAt(i) - '0'));
        }
        return new FieldReading(id, null, digits, new FieldSegmentation(false, false), List.of(), CAPTURED, CAPTURED,
                CAPTURED.plusMillis(80), "1");
    }

    private static FieldImage rawField(String id) {
        byte[] ink = new byte[48 * 28];
        Arrays.fill(ink, 0, 200, (byte) 255);
        return new FieldImage(id, null, CAPTURED, ImageEncoding.RAW, 48, 28, ink, null);
    }

    private static DigitImage rawImage(String id, int ink) {
        byte[] pixels = new byte[28 * 28];
        for (int y = 12; y < 16; y++) {
            for (int x = 12; x < 16; x++) {
                pixels[y * 28 + x] = (byte) ink;
            }
        }
        return new DigitImage(id, null, CAPTURED, ImageEncoding.RAW, 28, 28, pixels);
    }

    private static DigitPrediction prediction(String id, int digit, double confidence, long endToEndMs) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, (1 - confidence) / 9));
        probabilities.set(digit, confidence);
        List<ModelPrediction> models = List.of(
                new ModelPrediction("mlp", "1", digit, confidence, probabilities, 0.1),
                new ModelPrediction("cnn", "1", digit, confidence, probabilities, 0.2));
        Instant predicted = CAPTURED.plusMillis(endToEndMs);
        return new DigitPrediction(id, models, new EnsemblePrediction(digit, confidence, probabilities), true,
                CAPTURED, predicted, predicted);
    }

    private static DigitPrediction withTimes(DigitPrediction p, Instant capturedAt, Instant predictedAt) {
        return new DigitPrediction(p.id(), p.models(), p.ensemble(), p.agreement(), capturedAt, capturedAt, predictedAt);
    }

    private static DashboardConfig config(int recentSize, int trackedImages, int reviewSize, int maxThumbnailBytes) {
        return new DashboardConfig() {
            @Override
            public int recentSize() {
                return recentSize;
            }

            @Override
            public int recentFieldsSize() {
                return recentSize;
            }

            @Override
            public int trackedImages() {
                return trackedImages;
            }

            @Override
            public int reviewSize() {
                return reviewSize;
            }

            @Override
            public int maxThumbnailBytes() {
                return maxThumbnailBytes;
            }

            @Override
            public int fetchMinBytes() {
                return 1;
            }

            @Override
            public int fetchMaxWaitMs() {
                return 500;
            }
        };
    }
}
