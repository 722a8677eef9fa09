package io.digitstream.simulator.source;

/**
 * Bounds for synthetic scans.
 *
 * @param width        canvas width in pixels
 * @param height       canvas height in pixels
 * @param minScale     smallest digit, as a fraction of the canvas's shorter side
 * @param maxScale     largest digit, as a fraction of the canvas's shorter side
 * @param maxRotation  largest rotation either way, in degrees
 * @param maxNoise     largest standard deviation of the added Gaussian noise, in grey levels
 */
public record ScanSettings(int width, int height, double minScale, double maxScale, double maxRotation,
        double maxNoise) {

    public ScanSettings {
        if (width < 28 || height < 28) {
            throw new IllegalArgumentException("scan canvas must be at least 28x28, got " + width + "x" + height);
        }
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException(
                    "scan scales must satisfy 0 < min <= max <= 1, got " + minScale + ".." + maxScale);
        }
        if (!(maxRotation >= 0 && maxRotation <= 45)) {
            throw new IllegalArgumentException("scan rotation must be within 0..45 degrees, got " + maxRotation);
        }
        if (!(maxNoise >= 0 && maxNoise <= 64)) {
            throw new IllegalArgumentException("scan noise must be within 0..64 grey levels, got " + maxNoise);
        }
    }
}
