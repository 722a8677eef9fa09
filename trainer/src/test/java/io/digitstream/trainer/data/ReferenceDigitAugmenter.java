package io.digitstream.trainer.data;

import io.digitstream.schemas.ModelContract;
import java.util.Random;

/**
 * The augmenter as first written (commit 4edbd4b), plain and slow: the reference {@link DigitAugmenter} must match
 * bit for bit, draw for draw, so making augmentation faster changes no trained model.
 */
public final class ReferenceDigitAugmenter {

    private static final int SIDE = ModelContract.SIDE;
    private static final float CENTRE = (SIDE - 1) / 2f;
    /** Elastic distortion as Simard, Steinkraus and Platt (2003) tuned it for MNIST: sigma 4 px, alpha 34. */
    private static final float[] ELASTIC_KERNEL = DigitFilters.gaussianKernel(4f);
    private static final float ELASTIC_ALPHA = 34f;
    /** What the service's preprocessing zeroes (its default ink threshold), so trained noise is noise it passes on. */
    private static final float SERVICE_INK_FLOOR = 0.2f;

    /** The scan effects, drawn with equal chances. */
    enum ScanEffect { THICKER, THINNER, LOW_RESOLUTION, BLUR, NOISE, JPEG }

    private final AugmentationBounds bounds;
    private final float maxRotationRadians;
    private final float maxShearRadians;
    private final Random random;

    public ReferenceDigitAugmenter(AugmentationBounds bounds, long seed) {
        this.bounds = bounds;
        this.maxRotationRadians = (float) Math.toRadians(bounds.maxRotationDegrees());
        this.maxShearRadians = (float) Math.toRadians(bounds.maxShearDegrees());
        this.random = new Random(seed);
    }

    /** A randomly moved and marred copy of {@code source[from..from+784)}, written at {@code target[to..)}. */
    public void transform(float[] source, int from, float[] target, int to) {
        float[] moved = move(source, from);
        if (bounds.scanEffectProbability() > 0 && random.nextFloat() < bounds.scanEffectProbability()) {
            ScanEffect[] effects = ScanEffect.values();
            moved = apply(effects[random.nextInt(effects.length)], moved);
        }
        System.arraycopy(moved, 0, target, to, ModelContract.PIXELS);
    }

    /** One scan effect at a random strength; values stay in [0, 1]. */
    float[] apply(ScanEffect effect, float[] image) {
        return switch (effect) {
            case THICKER -> DigitFilters.blend(image, ReferenceDigitFilters.dilate(image), between(0.5f, 1f));
            case THINNER -> DigitFilters.blend(image, ReferenceDigitFilters.erode(image), between(0.5f, 1f));
            case LOW_RESOLUTION -> ReferenceDigitFilters.lowResolution(image, 8 + random.nextInt(9));
            case BLUR -> ReferenceDigitFilters.gaussianBlur(image, between(0.5f, 1.2f));
            case NOISE -> DigitFilters.inkFloor(noisy(image, between(0.02f, 0.12f)), SERVICE_INK_FLOOR);
            case JPEG -> DigitFilters.inkFloor(ReferenceDigitFilters.jpeg(image, 10 + random.nextInt(51)), SERVICE_INK_FLOOR);
        };
    }

    /** Inverse mapping (each output pixel finds where it comes from, so the result has no holes). */
    private float[] move(float[] source, int from) {
        float angle = uniform(maxRotationRadians);
        float shear = (float) Math.tan(uniform(maxShearRadians));
        float scaleX = 1 + uniform(bounds.maxScale());
        float scaleY = 1 + uniform(bounds.maxScale());
        float shiftX = uniform(bounds.maxShiftPixels());
        float shiftY = uniform(bounds.maxShiftPixels());
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        boolean elastic = bounds.elasticProbability() > 0 && random.nextFloat() < bounds.elasticProbability();
        float[] displaceX = elastic ? displacementField() : null;
        float[] displaceY = elastic ? displacementField() : null;
        float[] out = new float[ModelContract.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float dx = x - CENTRE - shiftX;
                float dy = y - CENTRE - shiftY;
                float rotatedX = cos * dx + sin * dy;
                float rotatedY = -sin * dx + cos * dy;
                float sourceX = (rotatedX - shear * rotatedY) / scaleX + CENTRE;
                float sourceY = rotatedY / scaleY + CENTRE;
                if (elastic) {
                    sourceX += displaceX[y * SIDE + x];
                    sourceY += displaceY[y * SIDE + x];
                }
                out[y * SIDE + x] = DigitFilters.bilinear(source, from, sourceX, sourceY);
            }
        }
        return out;
    }

    /** Uniform noise in [-1, 1] per pixel, smoothed and scaled: a displacement of about a pixel that varies slowly. */
    private float[] displacementField() {
        float[] field = new float[ModelContract.PIXELS];
        for (int i = 0; i < field.length; i++) {
            field[i] = random.nextFloat() * 2 - 1;
        }
        float[] smooth = ReferenceDigitFilters.separable(field, ELASTIC_KERNEL, SIDE);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] *= ELASTIC_ALPHA;
        }
        return smooth;
    }

    private float[] noisy(float[] image, float sigma) {
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = image[i] + (float) random.nextGaussian() * sigma;
        }
        return out;
    }

    private float between(float low, float high) {
        return low + random.nextFloat() * (high - low);
    }

    private float uniform(float bound) {
        return bound == 0 ? 0 : (random.nextFloat() * 2 - 1) * bound;
    }
}
