package io.digitstream.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.digitstream.schemas.ModelContract;

/**
 * Convolutional network: {@code layers} blocks of 3x3 convolution (same padding, no bias: batch norm's shift
 * replaces it) + batch norm + ReLU + 2x2 max pooling, channels {@code width}, {@code 2*width}, ...; then a dense
 * head: {@code 8*width} ReLU units, dropout, and the output layer. The default 32-64-128 over 28-14-7 pixels ends in
 * a 128x3x3 map, read by 256 hidden units.
 */
public final class CnnModel implements DigitModel {

    public static final int KERNEL = 3;
    public static final int PADDING = 1;
    public static final int POOL = 2;
    public static final float BATCH_NORM_EPSILON = 1e-5f;
    /** Pooling halves the side each block: 28, 14, 7, 3, 1; a fifth block would have nothing left to pool. */
    static final int MAX_BLOCKS = 4;
    /**
     * Hidden units of the dense head per unit of width (256 at the default width 32). Against one dense layer
     * straight from the 128x3x3 map, the standard run's CNN rose from 99.56 to 99.64 % on validation for ~0.3 M more
     * multiply-adds per image, 4 % of the convolutions' (docs/benchmarks.md, "The ensemble's last image").
     */
    public static final int HEAD_UNITS_PER_WIDTH = 8;

    @Override
    public Architecture architecture() {
        return Architecture.CNN;
    }

    @Override
    public ModelHyperparameters defaults() {
        return new ModelHyperparameters(32, 3, 0.25f);
    }

    @Override
    public Block build(ModelHyperparameters hp) {
        int[] channels = channels(hp);
        SequentialBlock block = new SequentialBlock()
                .add(PixelNormalization.block())
                .add(LambdaBlock.singleton(pixels -> pixels.expandDims(1), "addChannelAxis"));
        for (int channel : channels) {
            block.add(Conv2d.builder()
                            .setKernelShape(new Shape(KERNEL, KERNEL))
                            .optPadding(new Shape(PADDING, PADDING))
                            .setFilters(channel)
                            .optBias(false)
                            .build())
                    .add(BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(POOL, POOL), new Shape(POOL, POOL)));
        }
        return block.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(headUnits(hp)).build())
                .add(Activation.reluBlock())
                .add(new SeededDropout(hp.dropout()))
                .add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    @Override
    public long flopsPerImage(ModelHyperparameters hp) {
        long macs = 0;
        long inputChannels = 1;
        long side = ModelContract.SIDE;
        for (int channel : channels(hp)) {
            macs += side * side * channel * inputChannels * KERNEL * KERNEL;
            inputChannels = channel;
            side /= POOL;
        }
        long head = headUnits(hp);
        macs += inputChannels * side * side * head + head * ModelContract.CLASSES;
        return 2 * macs;
    }

    /** Hidden units of the dense layer between the last conv block and the output. */
    public static int headUnits(ModelHyperparameters hp) {
        return HEAD_UNITS_PER_WIDTH * hp.width();
    }

    /** Output channels of each conv block: {@code width}, {@code 2*width}, ... */
    public static int[] channels(ModelHyperparameters hp) {
        if (hp.layers() > MAX_BLOCKS) {
            throw new IllegalArgumentException("CNN pools a 28-pixel image at most " + MAX_BLOCKS
                    + " times, so it takes 1.." + MAX_BLOCKS + " conv blocks, got " + hp.layers() + " blocks");
        }
        int[] channels = new int[hp.layers()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = hp.width() << i;
        }
        return channels;
    }
}
