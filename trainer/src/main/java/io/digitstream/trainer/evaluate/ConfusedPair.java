package io.digitstream.trainer.evaluate;

/** One off-diagonal cell of a confusion matrix: {@code count} images of class {@code actual} taken for {@code predicted}. */
public record ConfusedPair(int actual, int predicted, int count) {
}
