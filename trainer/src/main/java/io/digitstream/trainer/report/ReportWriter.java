package io.digitstream.trainer.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's report into its own directory ({@code reports/training/<run-id>/}): {@code metrics.json},
 * {@code report.md}, {@code report.html} and the PNG charts both documents show.
 */
public final class ReportWriter {

    static {
        // Charts are drawn off-screen; without this a machine with no display would fail to start AWT.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportWriter() {
    }

    /** @return the {@code report.html} written */
    public static Path write(RunResult run, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        MetricsJsonWriter.write(run, runDir);
        LearningCurveCharts.write(run, runDir);
        ConfusionHeatMaps.write(run, runDir);
        ComparisonCharts.write(run, runDir);
        int misclassified = MisclassifiedGallery.write(run, runDir);
        String markdown = MarkdownReport.render(run, misclassified);
        Files.writeString(runDir.resolve(MarkdownReport.FILE), markdown, StandardCharsets.UTF_8);
        Path html = runDir.resolve(HtmlReport.FILE);
        Files.writeString(html, HtmlReport.render("Training report: run " + run.runId(), markdown),
                StandardCharsets.UTF_8);
        return html;
    }
}
