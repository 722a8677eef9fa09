package io.digitstream.schemas;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One known digit in a {@link ModelManifest}'s smoke test: the trainer's own answer of every model for it, so a
 * service loading the set can check that ONNX Runtime, here, answers as the trainer measured before it serves.
 *
 * @param label    the true digit (for people reading the manifest; the check compares with {@code expected})
 * @param pixels   base64 of the 784 model-input bytes, row by row: the input value is {@code byte / 255}, ink = 1
 * @param expected model name to the digit the trained model predicted for this image
 */
public record SmokeTestImage(int label, String pixels, Map<String, Integer> expected) {

    public SmokeTestImage {
        Require.inRange(label, 0, 9, "smokeTest.label");
        Require.present(pixels, "smokeTest.pixels");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(pixels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smokeTest.pixels must be base64: " + e.getMessage(), e);
        }
        if (decoded.length != ModelContract.PIXELS) {
            throw new IllegalArgumentException("smokeTest.pixels must hold " + ModelContract.PIXELS + " bytes but holds "
                    + decoded.length);
        }
        Require.present(expected, "smokeTest.expected");
        expected.forEach((model, digit) -> {
            Require.modelName(model, "smokeTest.expected");
            Require.present(digit, "smokeTest.expected." + model);
            Require.inRange(digit, 0, 9, "smokeTest.expected." + model);
        });
        expected = Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /** The model input: 784 floats in [0, 1]. */
    public float[] modelInput() {
        byte[] bytes = Base64.getDecoder().decode(pixels);
        float[] input = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            input[i] = (bytes[i] & 0xff) / 255f;
        }
        return input;
    }

    /** Encodes model input that is exactly {@code byte / 255} per pixel (as MNIST's is). */
    public static String encode(float[] input) {
        if (input.length != ModelContract.PIXELS) {
            throw new IllegalArgumentException("a smoke-test image has " + ModelContract.PIXELS + " pixels, not " + input.length);
        }
        byte[] bytes = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            int value = Math.round(input[i] * 255f);
            if (value < 0 || value > 255 || value / 255f != input[i]) {
                throw new IllegalArgumentException("pixel " + i + " = " + input[i] + " is not a multiple of 1/255 in [0, 1]");
            }
            bytes[i] = (byte) value;
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
