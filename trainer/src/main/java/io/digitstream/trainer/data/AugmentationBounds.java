package io.digitstream.trainer.data;

/**
 * How far augmentation may move and mar a digit; comes from the profile so it is recorded with the run.
 *
 * @param maxShiftPixels      largest shift along each axis
 * @param maxRotationDegrees  largest rotation either way (at most 45: a rotated 6 must not become a 9)
 * @param maxScale            largest relative change of width and of height, drawn apart so the aspect varies too
 * @param maxShearDegrees     largest slant either way
 * @param elasticProbability  share of images also given an elastic distortion (another writer's hand)
 * @param scanEffectProbability share of images given one scan effect: thicker or thinner pen, low resolution, blur,
 *                            noise or JPEG artefacts
 */
public record AugmentationBounds(float maxShiftPixels, float maxRotationDegrees, float maxScale,
        float maxShearDegrees, float elasticProbability, float scanEffectProbability) {

    public AugmentationBounds {
        if (!(maxShiftPixels >= 0 && maxShiftPixels <= 8) || !(maxRotationDegrees >= 0 && maxRotationDegrees <= 45)
                || !(maxScale >= 0 && maxScale <= 0.5) || !(maxShearDegrees >= 0 && maxShearDegrees <= 30)) {
            throw new IllegalArgumentException("augmentation bounds out of range: shift " + maxShiftPixels
                    + " px (0..8), rotation " + maxRotationDegrees + " degrees (0..45), scale " + maxScale
                    + " (0..0.5), shear " + maxShearDegrees + " degrees (0..30)");
        }
        if (!(elasticProbability >= 0 && elasticProbability <= 1)
                || !(scanEffectProbability >= 0 && scanEffectProbability <= 1)) {
            throw new IllegalArgumentException("augmentation probabilities must be in [0, 1]: elastic "
                    + elasticProbability + ", scan effects " + scanEffectProbability);
        }
    }

    /** Shifts and rotations only: the augmentation before scan effects were added. */
    public static AugmentationBounds movesOnly(float maxShiftPixels, float maxRotationDegrees) {
        return new AugmentationBounds(maxShiftPixels, maxRotationDegrees, 0, 0, 0, 0);
    }

    /** For logs and the manifest: "shift 2 px, rotation 10°, ...". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "shift %.1f px, rotation %.0f°, scale ±%.0f %%, slant %.0f°,"
                + " elastic %.0f %%, scan effects %.0f %%", maxShiftPixels, maxRotationDegrees, 100 * maxScale,
                maxShearDegrees, 100 * elasticProbability, 100 * scanEffectProbability);
    }

    public DigitAugmenter augmenter(long seed) {
        return new DigitAugmenter(this, seed);
    }
}
