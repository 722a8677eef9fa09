package io.digitstream.trainer.model;

/**
 * Shape of one model. Each architecture reads {@code width} its own way: MLP first hidden layer, RNN/GRU hidden
 * size, CNN channels of the first conv block (later blocks double it).
 */
public record ModelHyperparameters(int width, int layers, float dropout) {
}
