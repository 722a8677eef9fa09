package io.digitstream.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeEnvironmentTest {

    @TempDir
    Path dir;

    /**
     * A fresh JVM whose threads get only 512 KB of stack, less than ONNX Runtime's native initialisation needs here,
     * still loads the runtime and runs a model when the first call goes through {@link OnnxRuntimeEnvironment}.
     */
    @Test
    void initialisesOnnxRuntimeFromAThreadWithASmallStack() throws Exception {
        Path model = TinyOnnxModel.write(dir.resolve("tiny.onnx"));
        Path output = dir.resolve("probe.log");
        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k",
                "-cp", classPathOf(SmallStackProbe.class, OnnxRuntimeEnvironment.class, OrtEnvironment.class),
                SmallStackProbe.class.getName(),
                model.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, probe.exitValue(), "probe JVM failed:\n" + log);
        assertTrue(log.contains("logits 2x10"), log);
    }

    /** Built from where the classes were loaded, so it works under any test runner. */
    private static String classPathOf(Class<?>... classes) throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : classes) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
