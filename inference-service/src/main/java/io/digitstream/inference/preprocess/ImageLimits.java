package io.digitstream.inference.preprocess;

/** Size limits enforced before any JSON parsing or image decoding, so oversized input costs almost nothing. */
public record ImageLimits(int maxPayloadBytes, int maxWidth, int maxHeight, long maxPixels) {

    public ImageLimits {
        if (maxPayloadBytes < 1 || maxWidth < MnistNormalizer.SIDE || maxHeight < MnistNormalizer.SIDE || maxPixels < 1) {
            throw new IllegalArgumentException("image limits must allow at least a 28x28 image: " + maxPayloadBytes
                    + " bytes, " + maxWidth + "x" + maxHeight + ", " + maxPixels + " pixels");
        }
    }
}
