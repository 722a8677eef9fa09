package io.digitstream.faults.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the report as indented JSON, instants as ISO-8601 text, absent values left out. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ReportJson() {
    }

    public static void write(FaultReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written beside and moved, so a reader never sees half a report.
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        MAPPER.writeValue(partial.toFile(), report);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
