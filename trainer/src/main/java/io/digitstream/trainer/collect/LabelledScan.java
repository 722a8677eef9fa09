package io.digitstream.trainer.collect;

import io.digitstream.schemas.ModelContract;

/** A scan a person labelled on the review queue, as model input: 784 floats in [0, 1], ink = 1. */
public record LabelledScan(String id, int digit, float[] pixels) {

    public LabelledScan {
        if (digit < 0 || digit >= ModelContract.CLASSES) {
            throw new IllegalArgumentException("digit must be 0..9 but was " + digit);
        }
        if (pixels.length != ModelContract.PIXELS) {
            throw new IllegalArgumentException("a scan has " + ModelContract.PIXELS + " pixels, not " + pixels.length);
        }
    }

    /**
     * Whether this scan is held back for evaluation: a fixed fifth of the ids (by a hash of the id, so the same scan is
     * always on the same side, run after run, however many scans arrive later).
     */
    public boolean heldBack(int percent) {
        return Math.floorMod(id.hashCode() * 0x9E3779B1, 100) < percent;
    }
}
