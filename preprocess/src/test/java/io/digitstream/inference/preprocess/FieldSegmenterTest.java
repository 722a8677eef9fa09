package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.inference.preprocess.FieldSegmenter.Digit;
import io.digitstream.inference.preprocess.FieldSegmenter.Segmentation;
import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Segmentation on fields drawn in code (dark ink on white paper): gaps, touching digits, a broken digit, comb boxes,
 * an underline, specks, length hints, blank fields.
 */
class FieldSegmenterTest {

    private static final FieldSegmenter SEGMENTER =
            new FieldSegmenter(new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
    private static final int H = 60;
    private static final int DIGIT_W = 22;
    private static final int DIGIT_H = 34;
    private static final int TOP = 13;

    @Test
    void separatedDigitsComeOutLeftToRightWithoutGuessing() {
        Field field = new Field(200);
        int[] lefts = {10, 48, 86, 124, 162};
        field.ring(lefts[0]).bar(lefts[1]).ring(lefts[2]).seven(lefts[3]).ring(lefts[4]);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(5, result.digits().size());
        assertFalse(result.guessed());
        for (int i = 0; i < lefts.length; i++) {
            DigitBox box = result.digits().get(i).box();
            int centre = box.x() + box.width() / 2;
            int drawn = lefts[i] + DIGIT_W / 2;
            assertTrue(Math.abs(centre - drawn) <= 3, "digit " + i + " centred at " + centre + ", drawn at " + drawn);
        }
        for (Digit digit : result.digits()) {
            assertEquals(ModelContract.PIXELS, digit.pixels().length);
            assertTrue(sum(digit.pixels()) > 10, "each digit carries its ink into the 28x28 field");
        }
    }

    @Test
    void aPairOfTouchingDigitsIsOfferedSplitAtTheLeastInkForTheModelsToDecide() {
        Field field = new Field(160);
        // Two rings drawn 2 px into each other: one component as wide as a wide single digit could be.
        field.ring(20).ring(20 + DIGIT_W - 2).bar(110);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(2, result.digits().size(), boxes(result));
        FieldSegmenter.Alternative split = result.alternatives().stream().filter(FieldSegmenter.Alternative::isSplit)
                .findFirst().orElseThrow(() -> new AssertionError("no split offered: " + result.alternatives()));
        assertEquals(0, split.index());
        assertEquals(2, split.replacement().size());
        int cut = split.replacement().get(1).box().x();
        assertTrue(Math.abs(cut - (20 + DIGIT_W - 2)) <= 5, "cut near the join: " + cut);
        assertFalse(result.guessed());
    }

    @Test
    void aRowOfTouchingDigitsFarWiderThanOneIsCut() {
        Field field = new Field(200);
        field.ring(20).ring(20 + DIGIT_W - 2).ring(20 + 2 * (DIGIT_W - 2)).bar(150);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(4, result.digits().size(), boxes(result));
    }

    @Test
    void digitsCutFromOnePieceAreAlsoOfferedPartedElsewhere() {
        Field field = new Field(200);
        field.ring(20).ring(20 + DIGIT_W - 2).ring(20 + 2 * (DIGIT_W - 2)).bar(150);
        Segmentation result = segment(field, Optional.empty());
        List<FieldSegmenter.Alternative> recuts = result.alternatives().stream()
                .filter(FieldSegmenter.Alternative::isRecut).toList();
        assertFalse(recuts.isEmpty(), "no recut offered: " + result.alternatives());
        for (FieldSegmenter.Alternative recut : recuts) {
            assertEquals(2, recut.replacement().size());
            assertTrue(recut.index() < 3, "only the three rings were cut, not the bar: " + recut.index());
            int now = result.digits().get(recut.index() + 1).box().x();
            int elsewhere = recut.replacement().get(1).box().x();
            assertTrue(Math.abs(elsewhere - now) >= FieldSegmenter.RECUT_APART - 1,
                    "parted elsewhere: " + elsewhere + " vs " + now);
        }

        Field apart = new Field(160);
        apart.ring(20).ring(60).bar(100);
        assertTrue(segment(apart, Optional.empty()).alternatives().stream().noneMatch(FieldSegmenter.Alternative::isRecut),
                "digits found whole are not recut");
    }

    @Test
    void twoPiecesCloseTogetherAreOfferedAsOneBrokenDigit() {
        Field field = new Field(120);
        // A bar and a ring 2 px apart: two digits, or one broken one.
        field.bar(20).ring(35);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(2, result.digits().size(), boxes(result));
        FieldSegmenter.Alternative merge = result.alternatives().stream().filter(a -> !a.isSplit()).findFirst()
                .orElseThrow(() -> new AssertionError("no merge offered: " + result.alternatives()));
        assertEquals(0, merge.index());
        assertEquals(2, merge.count());
        assertEquals(1, merge.replacement().size());
        // With an exact length of two, nothing is left to decide.
        assertTrue(segment(field, Optional.of(LengthRange.exactly(2))).alternatives().isEmpty());
    }

    @Test
    void aDigitBrokenIntoPiecesIsOneDigit() {
        Field field = new Field(120);
        // A bar with a 6 px break in the middle, then a ring.
        field.rect(30, TOP, 4, 14).rect(30, TOP + 20, 4, 14).ring(70);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(2, result.digits().size(), boxes(result));
        assertTrue(result.digits().get(0).box().height() >= 30, "both pieces in one box: " + boxes(result));
    }

    @Test
    void combBoxesAndAnUnderlineAreRemovedBeforeSegmenting() {
        Field field = new Field(200);
        int cell = 40;
        for (int i = 0; i < 5; i++) {
            field.ring(i * cell + 9);
        }
        // The comb: a frame around the field and a wall between cells, 2 px lines, plus an underline.
        field.rect(0, 2, 200, 2).rect(0, H - 4, 200, 2);
        for (int i = 0; i <= 5; i++) {
            field.rect(Math.min(i * cell, 198), 2, 2, H - 4);
        }
        field.rect(0, TOP + DIGIT_H + 3, 200, 2);
        Segmentation result = segment(field, Optional.empty());
        assertEquals(5, result.digits().size(), boxes(result));
        assertTrue(result.lineRuns() > 0);
        for (Digit digit : result.digits()) {
            assertTrue(digit.box().height() <= DIGIT_H + 2, "no line left in a digit: " + boxes(result));
        }
    }

    @Test
    void specksAreNotDigits() {
        Field field = new Field(120);
        field.ring(20).ring(70).rect(55, 5, 2, 2).rect(110, 50, 1, 1);
        assertEquals(2, segment(field, Optional.empty()).digits().size());
    }

    @Test
    void aLengthHintSplitsOrMergesAndSaysItGuessed() {
        Field narrow = new Field(100);
        // Two thin bars touching at the foot: as wide as one digit, so only the hint says it is two.
        narrow.rect(30, TOP, 4, DIGIT_H).rect(44, TOP, 4, DIGIT_H).rect(30, TOP + DIGIT_H - 3, 18, 3);
        assertEquals(1, segment(narrow, Optional.empty()).digits().size());
        Segmentation split = segment(narrow, Optional.of(LengthRange.exactly(2)));
        assertEquals(2, split.digits().size(), boxes(split));
        assertTrue(split.guessed());

        Field three = new Field(160);
        three.ring(10).ring(60).ring(110);
        Segmentation merged = segment(three, Optional.of(LengthRange.exactly(2)));
        assertEquals(2, merged.digits().size());
        assertTrue(merged.guessed());
        assertFalse(segment(three, Optional.of(LengthRange.exactly(3))).guessed(), "a hint that agrees is no guess");
    }

    @Test
    void noiseOrAPageIsRefusedBeforeItsMarksAreMerged() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int w = 1000;
        int h = 1000;
        float[] luminance = new float[w * h];
        for (int i = 0; i < luminance.length; i++) {
            luminance[i] = random.nextInt(3) == 0 ? 0f : 1f;
        }
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> SEGMENTER.segment(new GrayImage(w, h, luminance), Optional.empty()));
        assertEquals(DlqReason.WRONG_SIZE, e.reason());
        assertTrue(e.getMessage().contains("separate marks"), e.getMessage());
        // A field of 32 well separated bars is still a field.
        Field bars = new Field(32 * 30 + 20);
        for (int i = 0; i < 32; i++) {
            bars.bar(10 + 30 * i);
        }
        assertEquals(32, segment(bars, Optional.empty()).digits().size());
    }

    @Test
    void extremeShapesAreReadOrRefusedNeverThrownAt() throws Exception {
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        for (int[] size : new int[][] {{1, 1}, {4096, 1}, {1, 4096}, {2, 2}, {4096, 3}}) {
            for (int colour : new int[] {0, 255, 128}) {
                BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        image.getRaster().setSample(x, y, 0, (x + y) % 7 == 0 ? 255 - colour : colour);
                    }
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                try {
                    Segmentation result = preprocessor.field(png.toByteArray(), ImageEncoding.PNG, Optional.empty());
                    assertTrue(result.digits().size() <= 4 * 32, size[0] + "x" + size[1]);
                } catch (InvalidEventException refused) {
                    assertTrue(refused.reason() == DlqReason.WRONG_SIZE || refused.reason() == DlqReason.IMAGE_TOO_LARGE,
                            refused.toString());
                }
            }
        }
    }

    @Test
    void aBlankFieldHasNoDigits() {
        assertEquals(List.of(), segment(new Field(100), Optional.empty()).digits());
        assertEquals(List.of(), segment(new Field(100), Optional.of(LengthRange.exactly(4))).digits(), "nothing to split");
    }

    @Test
    void aFieldScanIsDecodedWithinTheLimitsAndRawPixelsAreRefused() throws Exception {
        Field field = new Field(120);
        field.ring(20).bar(70);
        BufferedImage png = new BufferedImage(field.width, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < field.width; x++) {
                int grey = Math.round(field.luminance[y * field.width + x] * 255);
                png.getRaster().setSample(x, y, 0, grey);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(png, "png", bytes);
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        assertEquals(2, preprocessor.field(bytes.toByteArray(), ImageEncoding.PNG, Optional.empty()).digits().size());
        InvalidEventException raw = assertThrows(InvalidEventException.class,
                () -> preprocessor.field(new byte[784], ImageEncoding.RAW, Optional.empty()));
        assertEquals(DlqReason.WRONG_SIZE, raw.reason());
        assertThrows(InvalidEventException.class,
                () -> preprocessor.field(new byte[] {1, 2, 3}, ImageEncoding.PNG, Optional.empty()));
    }

    @Test
    void aLengthRangeSplitsOnlyUpToItsMinimumAndMergesOnlyDownToItsMaximum() {
        Field three = new Field(150);
        three.bar(20).bar(60).bar(100);
        assertEquals(3, segment(three, Optional.of(new LengthRange(2, 4))).digits().size());
        assertFalse(segment(three, Optional.of(new LengthRange(2, 4))).guessed(), "a count within the range is no guess");
        Segmentation merged = segment(three, Optional.of(new LengthRange(1, 2)));
        assertEquals(2, merged.digits().size());
        assertTrue(merged.guessed());
        assertEquals(4, segment(three, Optional.of(new LengthRange(4, 6))).digits().size());
    }

    @Test
    void aRawFieldEventIsInkHighPixelsOfItsDeclaredSize() throws Exception {
        Field field = new Field(120);
        field.ring(20).bar(70);
        byte[] raw = new byte[field.width * H];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) Math.round((1 - field.luminance[i]) * 255);
        }
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        Instant now = Instant.parse("2026-11-30T08:00:00Z");
        FieldImage event = new FieldImage("f-1", null, now, ImageEncoding.RAW, field.width, H, raw, null);
        assertEquals(2, preprocessor.field(event).digits().size());

        FieldImage short1 = new FieldImage("f-2", null, now, ImageEncoding.RAW, field.width + 1, H, raw, null);
        assertEquals(DlqReason.WRONG_SIZE, assertThrows(InvalidEventException.class, () -> preprocessor.field(short1)).reason());
        FieldImage huge = new FieldImage("f-3", null, now, ImageEncoding.RAW, 4096, 4096, new byte[] {1}, null);
        assertEquals(DlqReason.IMAGE_TOO_LARGE, assertThrows(InvalidEventException.class, () -> preprocessor.field(huge)).reason());
        FieldImage notBase64 = new FieldImage(1, "f-4", null, now, ImageEncoding.RAW, 2, 2, "@@@@", null, null, null);
        assertEquals(DlqReason.CORRUPT_IMAGE, assertThrows(InvalidEventException.class, () -> preprocessor.field(notBase64)).reason());
    }

    private static Segmentation segment(Field field, Optional<LengthRange> expected) {
        return SEGMENTER.segment(new GrayImage(field.width, H, field.luminance), expected);
    }

    private static String boxes(Segmentation result) {
        return result.digits().stream().map(Digit::box).toList().toString();
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }

    /** White paper with black strokes, 3 px wide. */
    private static final class Field {
        final int width;
        final float[] luminance;

        Field(int width) {
            this.width = width;
            this.luminance = new float[width * H];
            Arrays.fill(luminance, 1f);
        }

        Field rect(int x, int y, int w, int h) {
            for (int yy = Math.max(0, y); yy < Math.min(H, y + h); yy++) {
                for (int xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
                    luminance[yy * width + xx] = 0f;
                }
            }
            return this;
        }

        /** A 0: a rectangle outline. */
        Field ring(int x) {
            return rect(x, TOP, DIGIT_W, 3).rect(x, TOP + DIGIT_H - 3, DIGIT_W, 3).rect(x, TOP, 3, DIGIT_H)
                    .rect(x + DIGIT_W - 3, TOP, 3, DIGIT_H);
        }

        /** A 1: a vertical bar. */
        Field bar(int x) {
            return rect(x + DIGIT_W / 2 - 2, TOP, 4, DIGIT_H);
        }

        /** A 7: a top bar and a slanted stroke. */
        Field seven(int x) {
            rect(x, TOP, DIGIT_W, 3);
            for (int i = 0; i < DIGIT_H; i++) {
                rect(x + DIGIT_W - 3 - i * (DIGIT_W - 6) / DIGIT_H, TOP + i, 3, 1);
            }
            return this;
        }
    }
}
