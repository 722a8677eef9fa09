package io.digitstream.inference.preprocess;

import io.digitstream.schemas.ModelContract;

/**
 * Size limits enforced before any JSON parsing or image decoding, so oversized input costs almost nothing, and the
 * decoding budget of an accepted image.
 *
 * @param maxDecodePixels an image with more pixels than this is decoded subsampled (every n-th pixel of every n-th
 *                        row) until it fits, so decoding work and memory are bounded by this and not by the image
 *                        size; the MNIST recipe shrinks the digit to 20x20 anyway
 */
public record ImageLimits(int maxPayloadBytes, int maxWidth, int maxHeight, long maxPixels, long maxDecodePixels) {

    /**
     * The service's defaults ({@code digitstream.limits.*} in its application.properties; a test keeps them equal),
     * for tools that read scans the way a default service does, such as the trainer learning from reviewed scans.
     */
    public static final ImageLimits DEFAULTS = new ImageLimits(2_097_152, 4096, 4096, 8_388_608L, 1_048_576L);

    public ImageLimits {
        if (maxPayloadBytes < 1 || maxWidth < ModelContract.SIDE || maxHeight < ModelContract.SIDE || maxPixels < 1) {
            throw new IllegalArgumentException("image limits must allow at least a 28x28 image: " + maxPayloadBytes
                    + " bytes, " + maxWidth + "x" + maxHeight + ", " + maxPixels + " pixels");
        }
        if (maxDecodePixels < ModelContract.PIXELS) {
            throw new IllegalArgumentException("the decode budget must allow at least a 28x28 image but was "
                    + maxDecodePixels + " pixels");
        }
    }
}
