package io.digitstream.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * The MNIST training-set mean and standard deviation of a [0,1] pixel. Models apply them as their first step, and
 * the ONNX exporter writes the same two constants into the graph, so every consumer feeds raw [0,1] pixels.
 */
public final class PixelNormalization {

    public static final float MEAN = 0.1307f;
    public static final float STD = 0.3081f;

    private PixelNormalization() {
    }

    static Block block() {
        return LambdaBlock.singleton(pixels -> pixels.sub(MEAN).div(STD), "pixelNormalization");
    }
}
