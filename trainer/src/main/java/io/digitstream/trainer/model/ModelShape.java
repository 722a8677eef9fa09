package io.digitstream.trainer.model;

/** What every model reads and writes: one 28x28 image in, one logit per digit out. */
public final class ModelShape {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;

    private ModelShape() {
    }
}
