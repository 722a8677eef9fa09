package io.digitstream.trainer.model;

import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.RecurrentBlock;

/** GRU over the 28 image rows (PyTorch semantics: the reset gate applies after the recurrent matrix product). */
public final class GruModel extends RecurrentDigitModel {

    @Override
    public Architecture architecture() {
        return Architecture.GRU;
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    RecurrentBlock recurrentLayers(ModelHyperparameters hp) {
        return GRU.builder()
                .setStateSize(hp.width())
                .setNumLayers(hp.layers())
                .optBatchFirst(true)
                .build();
    }
}
