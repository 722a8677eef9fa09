package io.digitstream.simulator.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitstream.schemas.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the report as indented JSON, with times as ISO-8601 strings like every event in the system. */
public final class ReportJson {

    private static final ObjectWriter WRITER =
            EventJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static String toJson(SimulationReport report) throws IOException {
        return WRITER.writeValueAsString(report);
    }

    public static void write(SimulationReport report, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson(report));
    }
}
