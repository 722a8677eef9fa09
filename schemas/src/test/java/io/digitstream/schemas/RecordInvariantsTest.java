package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Records refuse, with a message naming the field, what their schema refuses. */
class RecordInvariantsTest {

    @Test
    void labelOutsideZeroToNine() {
        assertRefused("label", () -> new DigitLabel("a", 12, SampleEvents.CAPTURED));
        assertRefused("label", () -> new DigitLabel("a", -1, SampleEvents.CAPTURED));
    }

    @Test
    void unknownSchemaVersion() {
        assertRefused("schemaVersion", () -> new DigitLabel(2, "a", 1, SampleEvents.CAPTURED));
    }

    @Test
    void badIds() {
        assertRefused("id", () -> new DigitLabel("", 1, SampleEvents.CAPTURED));
        assertRefused("id", () -> new DigitLabel("x".repeat(129), 1, SampleEvents.CAPTURED));
        assertRefused("id", () -> new DigitLabel("../etc/passwd", 1, SampleEvents.CAPTURED));
        assertRefused("id", () -> new DigitLabel(null, 1, SampleEvents.CAPTURED));
        assertEquals("x".repeat(128), new DigitLabel("x".repeat(128), 1, SampleEvents.CAPTURED).id());
    }

    @Test
    void imageDimensionsOutsideOneTo4096() {
        byte[] one = {1};
        assertRefused("width", () -> new DigitImage("a", null, SampleEvents.CAPTURED, ImageEncoding.RAW, 0, 1, one));
        assertRefused("height", () -> new DigitImage("a", null, SampleEvents.CAPTURED, ImageEncoding.PNG, 1, 4097, one));
    }

    @Test
    void imageWithoutDataOrEncoding() {
        assertRefused("data", () -> new DigitImage("a", null, SampleEvents.CAPTURED, ImageEncoding.RAW, 1, 1, new byte[0]));
        assertRefused("encoding", () -> new DigitImage("a", null, SampleEvents.CAPTURED, null, 1, 1, new byte[] {1}));
    }

    @Test
    void nineProbabilities() {
        List<Double> nine = SampleEvents.probabilities(3, 0.9).subList(0, 9);
        assertRefused("probabilities", () -> new ModelPrediction("cnn", "1", 3, 0.9, nine, 0.1));
        assertRefused("ensemble.probabilities", () -> new EnsemblePrediction(3, 0.9, nine));
    }

    @Test
    void probabilityOutsideUnitInterval() {
        List<Double> tooHigh = new ArrayList<>(SampleEvents.probabilities(3, 0.9));
        tooHigh.set(0, 1.5);
        assertRefused("probabilities", () -> new ModelPrediction("cnn", "1", 3, 0.9, tooHigh, 0.1));
        assertRefused("confidence", () -> new ModelPrediction("cnn", "1", 3, Double.NaN, SampleEvents.probabilities(3, 0.9), 0.1));
    }

    @Test
    void predictionWithoutModels() {
        EnsemblePrediction ensemble = new EnsemblePrediction(1, 0.9, SampleEvents.probabilities(1, 0.9));
        assertRefused("models", () -> new DigitPrediction("a", List.of(), ensemble, true,
                SampleEvents.CAPTURED, SampleEvents.RECEIVED, SampleEvents.PREDICTED));
    }

    @Test
    void reviewItemWhoseIdsDiffer() {
        DigitPrediction prediction = SampleEvents.prediction("scan-1");
        DigitImage otherImage = SampleEvents.rawImage("scan-2", null);
        assertRefused("id", () -> new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction, otherImage, SampleEvents.PREDICTED));
    }

    @Test
    void qualityWithoutLabels() {
        assertRefused("labelledCount", () -> SampleEvents.metrics(0, 0.5));
    }

    @Test
    void histogramWithNineBuckets() {
        ModelMetrics valid = SampleEvents.metrics(0, null);
        assertRefused("confidenceHistogram", () -> new ModelMetrics(1, valid.model(), valid.window(), valid.windowStart(),
                valid.windowEnd(), 1, 0, null, null, null, null, valid.inferenceLatencyMs(), valid.endToEndLatencyMs(), 1, 0.5,
                Collections.nCopies(9, 0L), valid.predictedClassCounts(), null, valid.emittedAt()));
    }

    @Test
    void manifestFileThatEscapesItsDirectoryOrBadChecksum() {
        ManifestEntry valid = SampleEvents.manifest().models().get(0);
        assertRefused("file", () -> new ManifestEntry(valid.name(), valid.version(), "../evil.onnx", valid.sha256(),
                valid.input(), valid.output(), 0.9, 0.9, 1, 1, valid.training(), valid.createdAt()));
        assertRefused("sha256", () -> new ManifestEntry(valid.name(), valid.version(), valid.file(), valid.sha256().toUpperCase(),
                valid.input(), valid.output(), 0.9, 0.9, 1, 1, valid.training(), valid.createdAt()));
    }

    @Test
    void manifestWithDuplicateModelNames() {
        ManifestEntry entry = SampleEvents.manifest().models().get(0);
        assertRefused("unique", () -> new ModelManifest("run", SampleEvents.CAPTURED, List.of(entry, entry)));
    }

    @Test
    void ensembleWeightsMustNameExactlyTheListedModelsAndSumToOne() {
        ModelManifest valid = SampleEvents.manifest();
        assertRefused("weights must sum to 1", () -> new SoftVote(Map.of("mlp", 0.3, "cnn", 0.6), 0.02, 0.99));
        assertRefused("weights.cnn", () -> new SoftVote(Map.of("mlp", 0.0, "cnn", 1.2), 0.02, 0.99));
        assertRefused("weights", () -> new SoftVote(Map.of("CNN", 1.0), 0.02, 0.99));
        assertRefused("validationLogLoss", () -> new SoftVote(Map.of("cnn", 1.0), Double.NaN, 0.99));
        assertRefused("testAccuracy", () -> new SoftVote(Map.of("cnn", 1.0), 0.02, 99.1));
        assertRefused("testAccuracy", () -> new SoftVote(Map.of("cnn", 1.0), 0.02, Double.NaN));
        assertRefused("exactly the listed models", () -> new ModelManifest(valid.runId(), valid.createdAt(),
                valid.models(), new SoftVote(Map.of("mlp", 0.5, "gru", 0.5), 0.02, 0.99)));
        assertRefused("exactly the listed models", () -> new ModelManifest(valid.runId(), valid.createdAt(),
                valid.models(), new SoftVote(Map.of("cnn", 1.0), 0.02, 0.99)));
    }

    @Test
    void voteWeightsFollowManifestOrderAndDefaultToAnEqualVote() {
        ModelManifest weighted = SampleEvents.manifest();
        assertArrayEquals(new double[] {0.3, 0.7}, weighted.voteWeights());
        ModelManifest legacy = new ModelManifest(weighted.runId(), weighted.createdAt(), weighted.models());
        assertArrayEquals(new double[] {0.5, 0.5}, legacy.voteWeights());
    }

    @Test
    void listsAreCopiedSoAnEventCannotChangeAfterItWasBuilt() {
        List<Double> probabilities = new ArrayList<>(SampleEvents.probabilities(2, 0.8));
        ModelPrediction prediction = new ModelPrediction("cnn", "1", 2, 0.8, probabilities, 0.1);
        probabilities.set(2, 0.0);
        assertEquals(0.8, prediction.probabilities().get(2));
        assertThrows(UnsupportedOperationException.class, () -> prediction.probabilities().set(0, 1.0));
    }

    @Test
    void rawImageBytesSurviveBase64() {
        DigitImage image = SampleEvents.rawImage("a", null);
        byte[] pixels = image.decodeData();
        assertEquals(28 * 28, pixels.length);
        assertEquals((byte) 255, pixels[6 * 28 + 14]);
    }

    @Test
    void fieldHintsAndValuesOutsideTheContract() {
        assertRefused("lengthRange.min", () -> new LengthRange(0, 3));
        assertRefused("lengthRange.max", () -> new LengthRange(1, 33));
        assertRefused("must not exceed", () -> new LengthRange(5, 4));
        FieldImage field = SampleEvents.field("f", null);
        assertRefused("not both", () -> new FieldImage(1, "f", null, field.capturedAt(), field.encoding(), 56, 28,
                field.data(), 3, new LengthRange(1, 4), null));
        assertRefused("expectedLength", () -> new FieldImage(1, "f", null, field.capturedAt(), field.encoding(), 56, 28,
                field.data(), 0, null, null));
        assertRefused("value", () -> new FieldLabel("f", "12a", SampleEvents.CAPTURED));
        assertRefused("value", () -> new FieldLabel("f", "", SampleEvents.CAPTURED));
        assertRefused("value", () -> new FieldLabel("f", "1".repeat(33), SampleEvents.CAPTURED));
        assertRefused("box.width", () -> new DigitBox(0, 0, 0, 5));
        assertRefused("box.x", () -> new DigitBox(-1, 0, 1, 5));
    }

    @Test
    void aReadingsValueIsItsDigitsEnsembleAnswers() {
        FieldReading reading = SampleEvents.fieldReading("f");
        assertRefused("differs", () -> new FieldReading(1, "f", null, "17", 0.5, reading.digits(),
                reading.segmentation(), List.of(), reading.capturedAt(), reading.receivedAt(), reading.readAt(), null));
        assertRefused("one digit per entry", () -> new FieldReading(1, "f", null, "1", 0.5, reading.digits(),
                reading.segmentation(), List.of(), reading.capturedAt(), reading.receivedAt(), reading.readAt(), null));
        assertRefused("doubts", () -> new FieldReading(1, "f", null, "11", 0.5, reading.digits(),
                reading.segmentation(), List.of(FieldDoubt.DISAGREEMENT, FieldDoubt.DISAGREEMENT),
                reading.capturedAt(), reading.receivedAt(), reading.readAt(), null));
        assertEquals(0, FieldReading.confidenceOf(List.of()));
        assertEquals("", FieldReading.valueOf(List.of()));
    }

    @Test
    void fieldMetricsQualityIsNullExactlyWhileNoFieldIsLabelled() {
        new FieldMetrics(3, 0, null, null, null);
        new FieldMetrics(3, 2, 0.5, 0.9, 1.0);
        assertRefused("fields.labelledCount", () -> new FieldMetrics(3, 0, 0.5, null, null));
        assertRefused("fields.labelledCount", () -> new FieldMetrics(3, 2, 0.5, null, 1.0));
        assertRefused("fields.readCount", () -> new FieldMetrics(-1, 0, null, null, null));
        assertRefused("fields.digitAccuracy", () -> new FieldMetrics(3, 2, 0.5, 1.5, 1.0));
        assertRefused("fields.exactMatch", () -> new FieldMetrics(3, 2, Double.NaN, 0.5, 1.0));
    }

    private static void assertRefused(String field, Executable construction) {
        Exception e = assertThrows(RuntimeException.class, construction);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, () -> "unexpected " + e);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
    }

    @Test
    void pointerPromotionKeepsThePreviousChampionAndClearsAPromotedChallenger() {
        java.time.Instant at = SampleEvents.CAPTURED;
        ModelPointer first = new ModelPointer("v1", null, null, at);
        ModelPointer challenged = first.withChallenger("v2", at);
        ModelPointer promoted = challenged.promote("v2", at);
        assertEquals(new ModelPointer("v2", null, "v1", at), promoted);
        assertEquals(new ModelPointer("v1", null, "v2", at), promoted.rollback(at));
        assertEquals(promoted, promoted.promote("v2", at), "promoting the champion changes nothing");
        assertThrows(IllegalStateException.class, () -> first.rollback(at));
        assertRefused("challenger must differ", () -> first.withChallenger("v1", at));
        assertRefused("champion", () -> new ModelPointer("../v1", null, null, at));
        assertRefused("champion", () -> new ModelPointer("..", null, null, at));
        assertRefused("challenger", () -> new ModelPointer("v1", "a/b", null, at));
    }

    @Test
    void smokeTestImagesHoldExactly784PixelsAndNameEveryModel() {
        float[] pixels = new float[ModelContract.PIXELS];
        pixels[300] = 1f;
        pixels[301] = 128 / 255f;
        String encoded = SmokeTestImage.encode(pixels);
        SmokeTestImage image = new SmokeTestImage(1, encoded, Map.of("cnn", 1));
        assertArrayEquals(pixels, image.modelInput());
        assertRefused("784", () -> new SmokeTestImage(1, java.util.Base64.getEncoder().encodeToString(new byte[783]),
                Map.of("cnn", 1)));
        assertRefused("base64", () -> new SmokeTestImage(1, "not base64!", Map.of("cnn", 1)));
        assertRefused("smokeTest.expected.cnn", () -> new SmokeTestImage(1, encoded, Map.of("cnn", 10)));
        pixels[5] = 0.3f;
        assertRefused("1/255", () -> SmokeTestImage.encode(pixels));

        ModelManifest valid = SampleEvents.manifest();
        assertRefused("exactly the listed models", () -> new ModelManifest(valid.runId(), valid.createdAt(),
                valid.models(), valid.ensemble(), List.of(image)));
    }

    @Test
    void aReviewAnswerIsADigitOrNotADigitForItsOwnItem() throws Exception {
        ReviewItem item = EventJson.mapper().readValue(java.nio.file.Path.of(
                "examples/valid/digits.review/low-confidence-raw.json").toFile(), ReviewItem.class);
        ReviewAnswer four = ReviewAnswer.digit(4, "clerk", SampleEvents.CAPTURED, item);
        assertEquals(new DigitLabel(item.id(), 4, SampleEvents.CAPTURED, LabelSource.REVIEW), four.label());
        assertEquals(null, ReviewAnswer.notADigit("clerk", SampleEvents.CAPTURED, item).label(), "no digit, no label");
        assertRefused("exactly one", () -> new ReviewAnswer(1, item.id(), 4, null, true, "clerk", SampleEvents.CAPTURED, item));
        assertRefused("exactly one", () -> new ReviewAnswer(1, item.id(), null, null, false, "clerk", SampleEvents.CAPTURED, item));
        assertRefused("a value a field's", () -> ReviewAnswer.value("12", "clerk", SampleEvents.CAPTURED, item));
        assertRefused("digit", () -> ReviewAnswer.digit(-1, "clerk", SampleEvents.CAPTURED, item));
        assertRefused("reviewer", () -> ReviewAnswer.digit(4, " ", SampleEvents.CAPTURED, item));
        assertRefused("must equal", () -> new ReviewAnswer(1, "other-id", 4, null, false, "clerk", SampleEvents.CAPTURED, item));
    }

    @Test
    void aFieldsReviewItemCarriesItsReadingAndFieldImageAndIsAnsweredWithAValue() throws Exception {
        FieldReading reading = SampleEvents.fieldReading("field-1");
        FieldImage image = SampleEvents.field("field-1", LengthRange.exactly(2));
        ReviewItem item = ReviewItem.field(reading, image, SampleEvents.PREDICTED);
        assertEquals(ReviewReason.LOW_CONFIDENCE, item.reason());
        assertTrue(item.isField());
        ReviewAnswer answer = ReviewAnswer.value("17", "clerk", SampleEvents.CAPTURED, item);
        assertEquals(new FieldLabel(1, "field-1", "17", SampleEvents.CAPTURED, LabelSource.REVIEW), answer.fieldLabel());
        assertEquals(null, answer.label());
        assertRefused("a value a field's", () -> ReviewAnswer.digit(1, "clerk", SampleEvents.CAPTURED, item));
        assertRefused("value", () -> ReviewAnswer.value("1a", "clerk", SampleEvents.CAPTURED, item));
        assertRefused("no doubt", () -> ReviewItem.field(new FieldReading("f", null, reading.digits(),
                reading.segmentation(), List.of(), SampleEvents.CAPTURED, SampleEvents.RECEIVED, SampleEvents.PREDICTED,
                null), SampleEvents.field("f", null), SampleEvents.PREDICTED));
        assertRefused("must equal", () -> ReviewItem.field(reading, SampleEvents.field("other", null),
                SampleEvents.PREDICTED));
        DigitImage digit = SampleEvents.rawImage("field-1", null);
        assertRefused("exactly one of prediction and field", () -> new ReviewItem(1, "field-1",
                ReviewReason.LOW_CONFIDENCE, SampleEvents.prediction("field-1"), reading, digit, null, null,
                SampleEvents.PREDICTED));
        assertRefused("goes with", () -> new ReviewItem(1, "field-1", ReviewReason.LOW_CONFIDENCE, null, reading,
                digit, null, null, SampleEvents.PREDICTED));
    }
}
