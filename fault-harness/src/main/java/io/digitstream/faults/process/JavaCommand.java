package io.digitstream.faults.process;

import java.nio.file.Path;

/** The java launcher of the JVM running the harness, so children run on the same JDK. */
final class JavaCommand {

    private JavaCommand() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
