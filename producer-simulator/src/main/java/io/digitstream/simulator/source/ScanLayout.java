package io.digitstream.simulator.source;

import java.util.random.RandomGenerator;

/**
 * Where and how one digit is drawn on a synthetic scan: the 28x28 digit is scaled to {@code digitSize} pixels,
 * rotated by {@code angleDegrees} about its centre and placed with that centre at ({@code centerX}, {@code centerY}).
 * {@code paper} and {@code ink} are the grey levels of background and strokes (dark on light).
 */
public record ScanLayout(int width, int height, double digitSize, double centerX, double centerY,
        double angleDegrees, double noiseSigma, int paper, int ink) {

    private static final int MIN_PAPER = 200;
    private static final int MAX_INK = 60;

    /** A random layout within the settings whose rotated digit always lies wholly inside the canvas. */
    public static ScanLayout random(ScanSettings settings, RandomGenerator random) {
        double angle = (random.nextDouble() * 2 - 1) * settings.maxRotation();
        double radians = Math.toRadians(angle);
        double spread = Math.abs(Math.cos(radians)) + Math.abs(Math.sin(radians));
        int shorter = Math.min(settings.width(), settings.height());
        double scale = settings.minScale() + random.nextDouble() * (settings.maxScale() - settings.minScale());
        // A rotated square needs more room than its side; shrink it rather than let it leave the canvas.
        double size = Math.min(scale * shorter, shorter / spread);
        double half = size * spread / 2;
        double centerX = half + random.nextDouble() * (settings.width() - 2 * half);
        double centerY = half + random.nextDouble() * (settings.height() - 2 * half);
        double noise = random.nextDouble() * settings.maxNoise();
        int paper = MIN_PAPER + random.nextInt(256 - MIN_PAPER);
        int ink = random.nextInt(MAX_INK + 1);
        return new ScanLayout(settings.width(), settings.height(), size, centerX, centerY, angle, noise, paper, ink);
    }
}
