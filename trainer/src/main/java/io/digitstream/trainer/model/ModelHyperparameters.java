package io.digitstream.trainer.model;

/**
 * Shape of one model. Each architecture reads {@code width} its own way: MLP first hidden layer, RNN/GRU hidden
 * size, CNN channels of the first conv block (later blocks double it).
 */
public record ModelHyperparameters(int width, int layers, float dropout) {

    public ModelHyperparameters {
        if (width < 1 || layers < 1 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("model shape needs width >= 1, layers >= 1 and dropout in [0, 1), got "
                    + "width " + width + ", layers " + layers + ", dropout " + dropout);
        }
    }
}
