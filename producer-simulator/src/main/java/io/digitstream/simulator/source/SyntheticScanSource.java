package io.digitstream.simulator.source;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import java.util.SplittableRandom;

/**
 * MNIST test digits rendered as PNG "scanned form" fields: dark on light, at random size, offset, rotation and noise,
 * so the service's preprocessing (polarity, cropping, centring) is exercised. One seed gives one sequence of scans.
 */
public final class SyntheticScanSource implements DigitSource {

    private final MnistSplit split;
    private final ScanSettings settings;
    /** SplittableRandom's Gaussian (a ziggurat) is several times faster than java.util.Random's, per noisy pixel. */
    private final SplittableRandom random;
    private int next;

    public SyntheticScanSource(MnistSplit split, ScanSettings settings, long seed) {
        if (split.size() == 0) {
            throw new IllegalArgumentException("the MNIST split is empty");
        }
        if (split.images().rows() != split.images().cols()) {
            throw new IllegalArgumentException("synthetic scans need square digits, got "
                    + split.images().rows() + "x" + split.images().cols());
        }
        this.split = split;
        this.settings = settings;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public SourceImage next() {
        int index = next;
        next = (next + 1) % split.size();
        ScanLayout layout = ScanLayout.random(settings, random);
        byte[] png = GrayscaleImages.png(
                ScanRenderer.render(split.images().image(index), split.images().rows(), layout, random));
        return new SourceImage("synthetic-scan#" + index, ImageEncoding.PNG, settings.width(), settings.height(), png,
                split.labels().label(index));
    }

    @Override
    public String description() {
        return "synthetic scans of mnist-test (" + settings.width() + "x" + settings.height() + " png)";
    }
}
