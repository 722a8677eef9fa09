package io.digitstream.trainer.model;

import ai.djl.nn.Block;

/**
 * One model family. Every block it builds takes float32 {@code [N,28,28]} pixels in [0,1] (ink = 1) and returns
 * logits {@code [N,10]}; the MNIST mean/std normalisation is the block's first step, exactly as in the exported graph.
 */
public interface DigitModel {

    Architecture architecture();

    /** Strong but cheap shape for this family on MNIST; the starting point of the hyperparameter search. */
    ModelHyperparameters defaults();

    Block build(ModelHyperparameters hp);

    /**
     * Inference cost of one image: 2 x the multiply-accumulates of the weight layers (dense, convolution and the
     * recurrent matrix products of every time step). Bias adds, activations, normalisation, pooling and the GRU's
     * element-wise gate arithmetic are not counted; together they are well under 1 % of the total for these models.
     */
    long flopsPerImage(ModelHyperparameters hp);
}
