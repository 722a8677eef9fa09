package io.digitstream.trainer.model;

import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;

/** Simple (Elman) tanh RNN over the 28 image rows. */
public final class RnnModel extends RecurrentDigitModel {

    @Override
    public Architecture architecture() {
        return Architecture.RNN;
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    RecurrentBlock recurrentLayers(ModelHyperparameters hp) {
        return RNN.builder()
                .setStateSize(hp.width())
                .setNumLayers(hp.layers())
                .setActivation(RNN.Activation.TANH)
                .optBatchFirst(true)
                .build();
    }
}
