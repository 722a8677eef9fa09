package io.digitstream.trainer.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.digitstream.schemas.ModelContract;

/**
 * Multi-layer perceptron on the flattened 784 pixels: {@code layers} hidden ReLU layers, the first {@code width}
 * wide and each next one half as wide (default 784-512-256-10), each followed by dropout.
 */
public final class MlpModel implements DigitModel {


    @Override
    public Architecture architecture() {
        return Architecture.MLP;
    }

    @Override
    public ModelHyperparameters defaults() {
        return new ModelHyperparameters(512, 2, 0.2f);
    }

    @Override
    public Block build(ModelHyperparameters hp) {
        int[] widths = hiddenWidths(hp);
        SequentialBlock block = new SequentialBlock()
                .add(PixelNormalization.block())
                .add(Blocks.batchFlattenBlock(ModelContract.PIXELS));
        for (int width : widths) {
            block.add(Linear.builder().setUnits(width).build())
                    .add(Activation.reluBlock())
                    .add(new SeededDropout(hp.dropout()));
        }
        return block.add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    @Override
    public long flopsPerImage(ModelHyperparameters hp) {
        long macs = 0;
        int inputs = ModelContract.PIXELS;
        for (int width : hiddenWidths(hp)) {
            macs += (long) inputs * width;
            inputs = width;
        }
        macs += (long) inputs * ModelContract.CLASSES;
        return 2 * macs;
    }

    /** Widths of the hidden layers: {@code width}, {@code width/2}, ... */
    public static int[] hiddenWidths(ModelHyperparameters hp) {
        if ((hp.width() >> (hp.layers() - 1)) < ModelContract.CLASSES) {
            throw new IllegalArgumentException("MLP needs a last hidden layer of at least " + ModelContract.CLASSES
                    + " units, got width " + hp.width() + " halved over " + hp.layers() + " layers");
        }
        int[] widths = new int[hp.layers()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = hp.width() >> i;
        }
        return widths;
    }
}
