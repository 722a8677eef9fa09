package io.digitstream.schemas;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One exported model in {@link ModelManifest}.
 *
 * @param file     the ONNX file name, relative to the manifest's directory (no directories, so it cannot escape it)
 * @param sha256   lower-case hex SHA-256 of the file; the service refuses a file that does not match
 * @param flops    floating-point operations for one image
 * @param training free-form training settings and results (epochs, learning rate, seed...), for the report
 */
public record ManifestEntry(
        String name,
        String version,
        String file,
        String sha256,
        TensorSpec input,
        TensorSpec output,
        double testAccuracy,
        double macroF1,
        long params,
        long flops,
        Map<String, Object> training,
        Instant createdAt) {

    private static final Pattern ONNX_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.onnx");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ManifestEntry {
        Require.modelName(name, "name");
        Require.text(version, "version", 64);
        Require.present(file, "file");
        if (!ONNX_FILE.matcher(file).matches()) {
            throw new IllegalArgumentException("file must be a plain *.onnx file name without directories but was '" + file + "'");
        }
        Require.present(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits but was '" + sha256 + "'");
        }
        Require.present(input, "input");
        Require.present(output, "output");
        Require.unitInterval(testAccuracy, "testAccuracy");
        Require.unitInterval(macroF1, "macroF1");
        Require.notNegative(params, "params");
        Require.notNegative(flops, "flops");
        Require.present(training, "training");
        // Insertion order is kept so the manifest reads the way the trainer wrote it; values may be JSON null.
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
        Require.present(createdAt, "createdAt");
    }
}
