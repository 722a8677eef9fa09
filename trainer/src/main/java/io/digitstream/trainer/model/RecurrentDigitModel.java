package io.digitstream.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.RecurrentBlock;
import io.digitstream.schemas.ModelContract;

/**
 * Reads the image as a sequence: 28 time steps (rows) of 28 features (pixels of the row) through {@code layers}
 * stacked recurrent layers of {@code width} units; the {@link Readout} of the last layer (the last step's state, or the
 * mean over the steps) goes through dropout into a dense layer.
 */
abstract sealed class RecurrentDigitModel implements DigitModel permits RnnModel, GruModel {

    static final int TIME_STEPS = ModelContract.SIDE;
    static final int FEATURES = ModelContract.SIDE;

    /** Weight blocks per layer: 1 for a simple RNN, 3 for a GRU (reset, update, new). */
    abstract int gates();

    abstract RecurrentBlock recurrentLayers(ModelHyperparameters hp);

    @Override
    public ModelHyperparameters defaults() {
        return new ModelHyperparameters(128, 2, 0.1f);
    }

    @Override
    public Block build(ModelHyperparameters hp) {
        return new SequentialBlock()
                .add(PixelNormalization.block())
                .add(recurrentLayers(hp))
                .add(readout())
                .add(new SeededDropout(hp.dropout()))
                .add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    private Block readout() {
        return switch (Readout.of(architecture())) {
            case LAST_STEP -> LambdaBlock.singleton(sequence -> sequence.get(":, -1, :"), "lastTimeStep");
            case MEAN_OF_STEPS -> LambdaBlock.singleton(sequence -> sequence.mean(new int[] {1}), "meanOfSteps");
        };
    }

    @Override
    public long flopsPerImage(ModelHyperparameters hp) {
        long hidden = hp.width();
        long macsPerStep = 0;
        long inputs = FEATURES;
        for (int layer = 0; layer < hp.layers(); layer++) {
            macsPerStep += gates() * hidden * (inputs + hidden);
            inputs = hidden;
        }
        return 2 * (TIME_STEPS * macsPerStep + hidden * ModelContract.CLASSES);
    }
}
