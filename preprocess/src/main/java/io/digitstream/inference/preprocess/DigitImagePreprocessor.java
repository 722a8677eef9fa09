package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DigitBox;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.LengthRange;
import java.util.List;
import java.util.Optional;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.ModelContract;

/**
 * The one place where input becomes model input: a {@link DigitImage} (or an uploaded file) becomes 784 floats in
 * [0, 1], ink = 1, or an {@link InvalidEventException} that says why it never will.
 */
public final class DigitImagePreprocessor {

    private final ImageDecoder decoder;
    private final MnistNormalizer normalizer;
    private final FieldSegmenter segmenter;

    public DigitImagePreprocessor(ImageLimits limits, MnistNormalizer normalizer) {
        this.decoder = new ImageDecoder(limits);
        this.normalizer = normalizer;
        this.segmenter = new FieldSegmenter(normalizer);
    }

    public float[] pixels(DigitImage image) throws InvalidEventException {
        byte[] bytes;
        try {
            bytes = image.decodeData();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE, "data is not valid base64: " + e.getMessage(), e);
        }
        if (image.encoding() == ImageEncoding.RAW) {
            return ImageDecoder.rawInk(bytes, image.width(), image.height());
        }
        return normalizer.normalize(decoder.decode(bytes, image.encoding(), image.width(), image.height()));
    }

    /** An uploaded PNG or JPEG file, whose size is whatever its header says (within the limits). */
    public float[] pixels(byte[] file, ImageEncoding encoding) throws InvalidEventException {
        if (encoding == ImageEncoding.RAW) {
            return ImageDecoder.rawInk(file, ModelContract.SIDE, ModelContract.SIDE);
        }
        return normalizer.normalize(decoder.decode(file, encoding, -1, -1));
    }

    /** A {@code digits.fields} event cut into digits left to right, each as model input. */
    public FieldSegmenter.Segmentation field(FieldImage field) throws InvalidEventException {
        return segmenter.segment(decode(field), field.lengthHint());
    }

    /**
     * The model input of each box of a field (its reading's boxes), made as {@link #field(FieldImage)} makes it.
     *
     * @throws IllegalArgumentException when a box lies outside the field
     */
    public List<float[]> digitsAt(FieldImage field, List<DigitBox> boxes) throws InvalidEventException {
        return segmenter.digitsAt(decode(field), boxes);
    }

    private GrayImage decode(FieldImage field) throws InvalidEventException {
        byte[] bytes;
        try {
            bytes = field.decodeData();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(DlqReason.CORRUPT_IMAGE, "data is not valid base64: " + e.getMessage(), e);
        }
        return field.encoding() == ImageEncoding.RAW
                ? decoder.rawField(bytes, field.width(), field.height())
                : decoder.decode(bytes, field.encoding(), field.width(), field.height());
    }

    /**
     * An uploaded form field's PNG or JPEG (several digits in one scan), cut into digits left to right, each as model
     * input. Raw pixels need a declared size, so they come only in a {@link FieldImage} event.
     *
     * @param lengthHint how many digits the form says the field has, if known
     */
    public FieldSegmenter.Segmentation field(byte[] file, ImageEncoding encoding, Optional<LengthRange> lengthHint)
            throws InvalidEventException {
        if (encoding == ImageEncoding.RAW) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE,
                    "an uploaded field must be a PNG or JPEG file; raw pixels need their size, so send them as a"
                            + " digits.fields event with width and height");
        }
        return segmenter.segment(decoder.decode(file, encoding, -1, -1), lengthHint);
    }
}
