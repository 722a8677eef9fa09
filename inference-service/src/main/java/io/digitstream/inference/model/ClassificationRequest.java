package io.digitstream.inference.model;

import io.digitstream.schemas.ModelContract;
import java.time.Instant;

/** One preprocessed image waiting for the models: 784 floats in [0, 1], ink = 1. */
public record ClassificationRequest(String id, Instant capturedAt, Instant receivedAt, float[] pixels) {

    public ClassificationRequest {
        if (pixels.length != ModelContract.PIXELS) {
            throw new IllegalArgumentException("image '" + id + "' has " + pixels.length + " pixels, expected "
                    + ModelContract.PIXELS);
        }
    }
}
