package io.digitstream.mnist;

/** Images and their labels for one split (train or test); both have the same count. */
public record MnistSplit(MnistImages images, MnistLabels labels) {

    public MnistSplit {
        if (images.count() != labels.count()) {
            throw new IllegalArgumentException(
                    images.count() + " images but " + labels.count() + " labels; the counts must agree");
        }
    }

    public int size() {
        return images.count();
    }
}
