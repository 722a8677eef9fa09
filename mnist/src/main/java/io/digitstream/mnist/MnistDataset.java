package io.digitstream.mnist;

/** The MNIST training split (60,000 digits) and test split (10,000 digits). */
public record MnistDataset(MnistSplit train, MnistSplit test) {
}
