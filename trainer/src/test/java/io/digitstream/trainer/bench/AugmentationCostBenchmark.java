package io.digitstream.trainer.bench;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitAugmenter;
import io.digitstream.trainer.data.ReferenceDigitAugmenter;
import java.util.Locale;

/**
 * What augmentation costs per training image: the move alone, the move with an elastic distortion, and the move with
 * a scan effect on every image, in one run (docs/benchmarks.md, "Augmentation for scans"); then the plain augmenter
 * the current one must match bit for bit, on the standard profile's bounds ("Faster augmentation"). Each is timed
 * after a warm-up round; the ratios between rows are what to compare across machines.
 * <pre>
 * mvn -o -q -pl trainer test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.trainer.bench.AugmentationCostBenchmark
 * </pre>
 */
public final class AugmentationCostBenchmark {

    private static final int IMAGES = 100_000;

    public static void main(String[] args) {
        float[] digit = new float[ModelContract.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 11; x < 16; x++) {
                digit[y * ModelContract.SIDE + x] = 1f;
            }
        }
        AugmentationBounds[] rows = {
                AugmentationBounds.movesOnly(2, 10),
                new AugmentationBounds(2, 10, 0.1f, 10, 0, 0),
                new AugmentationBounds(2, 10, 0.1f, 10, 1, 0),
                new AugmentationBounds(2, 10, 0.1f, 10, 0, 1),
                new AugmentationBounds(2, 10, 0.1f, 10, 0, 0.5f)};
        float[] out = new float[ModelContract.PIXELS];
        for (int round = 0; round < 2; round++) {
            double base = 0;
            for (AugmentationBounds bounds : rows) {
                DigitAugmenter augmenter = bounds.augmenter(1);
                long started = System.nanoTime();
                for (int i = 0; i < IMAGES; i++) {
                    augmenter.transform(digit, 0, out, 0);
                }
                double micros = (System.nanoTime() - started) / 1e3 / IMAGES;
                base = base == 0 ? micros : base;
                if (round == 1) {
                    System.out.printf(Locale.ROOT, "%-100s %6.1f µs/image  %5.2fx%n", bounds.describe(), micros,
                            micros / base);
                }
            }
            AugmentationBounds standard = rows[rows.length - 1];
            ReferenceDigitAugmenter plain = new ReferenceDigitAugmenter(standard, 1);
            long started = System.nanoTime();
            for (int i = 0; i < IMAGES; i++) {
                plain.transform(digit, 0, out, 0);
            }
            double micros = (System.nanoTime() - started) / 1e3 / IMAGES;
            if (round == 1) {
                System.out.printf(Locale.ROOT, "%-100s %6.1f µs/image  %5.2fx%n", "the plain augmenter (the same "
                        + "output, before the loops were made vector-friendly), " + standard.describe(), micros,
                        micros / base);
            }
        }
    }
}
