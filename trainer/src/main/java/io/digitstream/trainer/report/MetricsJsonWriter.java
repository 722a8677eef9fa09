package io.digitstream.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;

/** Writes {@code metrics.json}: the machine-readable twin of the report. */
final class MetricsJsonWriter {

    static final String FILE = "metrics.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJsonWriter() {
    }

    static Path write(RunResult run, Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        MAPPER.writeValue(file.toFile(), MetricsDocument.of(run));
        return file;
    }
}
