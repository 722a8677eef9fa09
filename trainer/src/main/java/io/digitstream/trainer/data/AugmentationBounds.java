package io.digitstream.trainer.data;

/** How far augmentation may move a digit; comes from the profile so it is recorded with the run. */
public record AugmentationBounds(float maxShiftPixels, float maxRotationDegrees) {

    public DigitAugmenter augmenter(long seed) {
        return new DigitAugmenter(maxShiftPixels, maxRotationDegrees, seed);
    }
}
