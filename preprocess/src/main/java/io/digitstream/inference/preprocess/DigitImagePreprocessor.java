package io.digitstream.inference.preprocess;

import io.digitstream.schemas.DigitImage;
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

    /**
     * A form field's PNG or JPEG (several digits in one scan), cut into digits left to right, each as model input.
     *
     * @param expectedLength the number of digits the form says the field has, if known
     */
    public FieldSegmenter.Segmentation field(byte[] file, ImageEncoding encoding, java.util.OptionalInt expectedLength)
            throws InvalidEventException {
        if (encoding == ImageEncoding.RAW) {
            throw new InvalidEventException(DlqReason.WRONG_SIZE,
                    "a field is a PNG or JPEG scan; raw pixels are for single 28x28 digits");
        }
        return segmenter.segment(decoder.decode(file, encoding, -1, -1), expectedLength);
    }
}
