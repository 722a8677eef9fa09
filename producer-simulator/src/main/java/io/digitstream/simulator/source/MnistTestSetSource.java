package io.digitstream.simulator.source;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;

/** The MNIST test split in order, as raw bytes (MNIST polarity, 28x28) or as the same pixels in a PNG. */
public final class MnistTestSetSource implements DigitSource {

    private final MnistSplit split;
    private final ImageEncoding encoding;
    /** PNG bytes by test-set index, encoded on first use: a long run cycles the set and would re-encode it. */
    private final byte[][] pngs;
    private int next;

    public MnistTestSetSource(MnistSplit split, ImageEncoding encoding) {
        if (encoding == ImageEncoding.JPEG) {
            throw new IllegalArgumentException("the MNIST source sends raw or png, not jpeg (lossy, it would blur strokes)");
        }
        if (split.size() == 0) {
            throw new IllegalArgumentException("the MNIST split is empty");
        }
        this.split = split;
        this.encoding = encoding;
        this.pngs = encoding == ImageEncoding.PNG ? new byte[split.size()][] : null;
    }

    @Override
    public SourceImage next() {
        int index = next;
        next = (next + 1) % split.size();
        int width = split.images().cols();
        int height = split.images().rows();
        byte[] data = encoding == ImageEncoding.RAW ? split.images().image(index) : png(index, width, height);
        return new SourceImage("mnist-test#" + index, encoding, width, height, data, split.labels().label(index));
    }

    private byte[] png(int index, int width, int height) {
        if (pngs[index] == null) {
            pngs[index] = GrayscaleImages.png(GrayscaleImages.fromBytes(split.images().image(index), width, height));
        }
        return pngs[index];
    }

    @Override
    public String description() {
        return "mnist-test (" + split.size() + " images, " + encoding.wireName() + ")";
    }
}
