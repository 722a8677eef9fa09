package io.digitstream.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Looks up the {@link DigitModel} of an architecture. */
public final class DigitModels {

    private DigitModels() {
    }

    public static DigitModel of(Architecture architecture) {
        return switch (architecture) {
            case MLP -> new MlpModel();
            case RNN -> new RnnModel();
            case GRU -> new GruModel();
            case CNN -> new CnnModel();
        };
    }

    /**
     * Number of values in an initialised block's parameters, including batch-norm running statistics, because they
     * ship in the exported file too.
     */
    public static long parameterCount(Block initialisedBlock) {
        long count = 0;
        for (Pair<String, Parameter> parameter : initialisedBlock.getParameters()) {
            count += parameter.getValue().getArray().getShape().size();
        }
        return count;
    }
}
