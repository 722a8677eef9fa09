package io.digitstream.schemas;

import java.util.List;

/**
 * What every model of a {@link ModelManifest} takes and gives, in one place for the trainer that exports the ONNX
 * files and the service that loads them: a batch of 28x28 float images in [0, 1] (ink = 1) named {@code pixels}, and
 * 10 logits per image, one per digit, named {@code logits}.
 */
public final class ModelContract {

    /** Width and height of a model's input image. */
    public static final int SIDE = 28;
    /** Floats per input image, row-major. */
    public static final int PIXELS = SIDE * SIDE;
    /** Logits per image: the digits 0 to 9. */
    public static final int CLASSES = 10;
    public static final String INPUT_NAME = "pixels";
    public static final String OUTPUT_NAME = "logits";
    public static final String ELEMENT_TYPE = "float32";

    private static final TensorSpec INPUT = new TensorSpec(INPUT_NAME, ELEMENT_TYPE, List.of(-1L, (long) SIDE, (long) SIDE));
    private static final TensorSpec OUTPUT = new TensorSpec(OUTPUT_NAME, ELEMENT_TYPE, List.of(-1L, (long) CLASSES));

    private ModelContract() {
    }

    /** The graph input: a dynamic batch of {@code SIDE x SIDE} images. */
    public static TensorSpec input() {
        return INPUT;
    }

    /** The graph output: {@code CLASSES} logits per image. */
    public static TensorSpec output() {
        return OUTPUT;
    }
}
