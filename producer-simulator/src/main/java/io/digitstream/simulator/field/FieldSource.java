package io.digitstream.simulator.field;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.simulator.source.DigitSource;
import io.digitstream.simulator.source.SourceImage;
import java.util.SplittableRandom;

/** Form fields composed from MNIST test digits ({@link FieldComposer}), as PNG, with their true strings. */
public final class FieldSource implements DigitSource {

    private final FieldComposer composer;
    private final FieldStyle style;
    private final SplittableRandom random;
    private final boolean lengthHint;
    private long next;

    /** @param lengthHint send each field's true length as its {@code expectedLength}, as a form that knows it would */
    public FieldSource(MnistSplit testSplit, FieldStyle style, boolean lengthHint, long seed) {
        this.composer = new FieldComposer(testSplit);
        this.style = style;
        this.lengthHint = lengthHint;
        this.random = new SplittableRandom(seed);
    }

    public boolean sendsLengthHint() {
        return lengthHint;
    }

    @Override
    public SourceImage next() {
        ComposedField field = composer.compose(style, random);
        return SourceImage.field("field#" + next++ + " of mnist-test " + field.origins(), ImageEncoding.PNG,
                field.width(), field.height(), field.png(), field.value());
    }

    @Override
    public String description() {
        return "form fields of mnist-test digits (" + style.minDigits() + "-" + style.maxDigits() + " digits, "
                + Math.round(100 * style.touchingShare()) + " % touching neighbours, "
                + Math.round(100 * style.combBoxShare()) + " % comb boxes, "
                + Math.round(100 * style.underlineShare()) + " % underlined; png"
                + (lengthHint ? ", with the length hint)" : ")");
    }
}
