package io.digitstream.simulator.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.simulator.source.GrayscaleImages;
import io.digitstream.simulator.source.TestDigits;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldComposerTest {

    private final FieldComposer composer = new FieldComposer(TestDigits.split(20));

    @Test
    void theValueIsTheLabelsOfTheDigitsLeftToRightAndThePngHasTheStatedSize() throws Exception {
        ComposedField field = composer.compose(new int[] {3, 1, 4, 1, 5}, FieldStyle.gapsOnly(5), new SplittableRandom(1));
        assertEquals("31415", field.value());
        assertEquals(5, field.boxes().size());
        BufferedImage png = GrayscaleImages.decode(field.png(), "field");
        assertEquals(field.width(), png.getWidth());
        assertEquals(field.height(), png.getHeight());
        for (int i = 1; i < field.boxes().size(); i++) {
            int[] previous = field.boxes().get(i - 1);
            int[] box = field.boxes().get(i);
            assertTrue(box[0] >= previous[0] + previous[2] + 2, "gaps only: at least 2 px between digits");
            assertTrue(box[0] + box[2] <= field.width() && box[1] + box[3] <= field.height(), "inside the image");
        }
        assertEquals(0, field.touching());
    }

    @Test
    void theSameSeedMakesTheSameFieldAndLengthsStayWithinTheStyle() {
        FieldStyle style = FieldStyle.mixed();
        ComposedField a = composer.compose(style, new SplittableRandom(7));
        ComposedField b = composer.compose(style, new SplittableRandom(7));
        assertEquals(a.value(), b.value());
        assertArrayEquals(a.png(), b.png());
        SplittableRandom random = new SplittableRandom(3);
        boolean sawComb = false;
        boolean sawUnderline = false;
        boolean sawTouching = false;
        for (int i = 0; i < 200; i++) {
            ComposedField field = composer.compose(style, random);
            assertTrue(field.value().length() >= 3 && field.value().length() <= 10, field.value());
            assertFalse(field.combBox() && field.underline(), "a comb box has no underline");
            assertTrue(field.touching() <= field.value().length() - 1);
            sawComb |= field.combBox();
            sawUnderline |= field.underline();
            sawTouching |= field.touching() > 0;
        }
        assertTrue(sawComb && sawUnderline && sawTouching, "the default mix holds every kind of field");
    }

    @Test
    void aCombBoxDrawsWallsBetweenTheCells() throws Exception {
        FieldStyle boxed = new FieldStyle(4, 4, 0, 1, 0, false);
        ComposedField field = composer.compose(new int[] {0, 1, 2, 3}, boxed, new SplittableRandom(2));
        assertTrue(field.combBox());
        BufferedImage png = GrayscaleImages.decode(field.png(), "field");
        int cell = (int) Math.round(FieldComposer.DIGIT_HEIGHT * 1.3);
        for (int wall = 0; wall <= 4; wall++) {
            int x = FieldComposer.MARGIN + wall * cell;
            assertTrue((png.getRaster().getSample(x, field.height() / 2, 0)) < 64, "a dark wall at x=" + x);
        }
        assertTrue(png.getRaster().getSample(1, 1, 0) > 200, "light paper outside the box");
    }

    @Test
    void stylesOutsideTheContractAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FieldStyle(0, 3, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldStyle(3, 33, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldStyle(5, 4, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new FieldStyle(3, 4, 1.5, 0, 0, true));
    }
}
