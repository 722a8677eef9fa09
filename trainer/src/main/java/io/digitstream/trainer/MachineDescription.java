package io.digitstream.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A one-line description of the machine a run was measured on, for the report. */
final class MachineDescription {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private MachineDescription() {
    }

    static String current() {
        Runtime runtime = Runtime.getRuntime();
        return String.format("%s, %d cores, %s %s, Java %s, max heap %d MiB", cpuModel(), runtime.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                runtime.maxMemory() / (1024 * 1024));
    }

    private static String cpuModel() {
        if (!Files.isReadable(CPU_INFO)) {
            return "unknown CPU";
        }
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
