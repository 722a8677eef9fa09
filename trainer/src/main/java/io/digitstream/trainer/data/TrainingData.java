package io.digitstream.trainer.data;

import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistImages;
import io.digitstream.schemas.ModelContract;

/**
 * The three disjoint sets of a run. Validation is a seeded stratified hold-out of the MNIST training file and is the
 * only thing any choice (early stopping, search) looks at; the test set is used for the final evaluation alone.
 *
 * @param testPixels the test images as raw unsigned bytes (N x 784), for the report's gallery
 */
public record TrainingData(DigitSet train, DigitSet validation, DigitSet test, byte[] testPixels) {

    /**
     * Holds out {@code validationCount} stratified images, then keeps {@code trainCount} of the rest (again
     * stratified), or all of the rest when {@code trainCount} is 0.
     */
    public static TrainingData prepare(MnistDataset mnist, int trainCount, int validationCount, long seed) {
        requireDigitSize(mnist.train().images());
        requireDigitSize(mnist.test().images());
        DigitSet full = DigitSet.fromBytes(mnist.train().images().pixels(), mnist.train().labels().labels());
        StratifiedSampler.Split holdOut = StratifiedSampler.split(full.labels(),
                StratifiedSampler.all(full.count()), validationCount, ModelContract.CLASSES, seed);
        int[] trainIndices = holdOut.rest();
        if (trainCount > 0) {
            if (trainCount > trainIndices.length) {
                throw new IllegalArgumentException("asked for " + trainCount + " training images but only "
                        + trainIndices.length + " remain after holding out " + validationCount + " for validation");
            }
            trainIndices = StratifiedSampler.split(full.labels(), trainIndices, trainCount, ModelContract.CLASSES,
                    seed + 1).sample();
        }
        byte[] testPixels = mnist.test().images().pixels();
        DigitSet test = DigitSet.fromBytes(testPixels, mnist.test().labels().labels());
        return new TrainingData(full.subset(trainIndices), full.subset(holdOut.sample()), test, testPixels);
    }

    private static void requireDigitSize(MnistImages images) {
        if (images.rows() != ModelContract.SIDE || images.cols() != ModelContract.SIDE) {
            throw new IllegalArgumentException("the models take " + ModelContract.SIDE + "x" + ModelContract.SIDE
                    + " images, these are " + images.rows() + "x" + images.cols());
        }
    }

    /** A stratified, seeded subset of the training set for cheap search trials (the whole set if it is smaller). */
    public DigitSet searchSubset(int count, long seed) {
        if (count <= 0 || count >= train.count()) {
            return train;
        }
        return train.subset(StratifiedSampler.split(train.labels(), StratifiedSampler.all(train.count()), count,
                ModelContract.CLASSES, seed).sample());
    }

    /** The same sets with {@code extra} added to training only, {@code times} times; validation and test stay MNIST. */
    public TrainingData withExtraTraining(DigitSet extra, int times) {
        return new TrainingData(train.plus(extra, times), validation, test, testPixels);
    }
}
