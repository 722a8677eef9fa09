package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.train.TrainingConfig;
import io.digitstream.trainer.train.TrialResult;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** Renders {@code report.md}; {@code report.html} is rendered from the same text, so the two never disagree. */
final class MarkdownReport {

    static final String FILE = "report.md";

    private MarkdownReport() {
    }

    static String render(RunResult run, int misclassified) {
        StringBuilder md = new StringBuilder();
        md.append("# Training report: run ").append(run.runId()).append("\n\n");
        runFacts(md, run);
        md.append("## Summary\n\n");
        summaryTable(md, run);
        md.append("\n## Comparison\n\n").append(ModelComparison.markdown(run));
        md.append("\n## Learning curves\n\nTraining history of each selected model; "
                + "dashed = training, solid = validation split.\n\n");
        image(md, "Loss per epoch", ChartFiles.LEARNING_LOSS);
        image(md, "Accuracy per epoch", ChartFiles.LEARNING_ACCURACY);
        md.append("## Cost and speed\n\n");
        image(md, "Quality and cost per model", ChartFiles.COMPARISON);
        image(md, "Test accuracy versus batch-1 latency", ChartFiles.ACCURACY_VS_LATENCY);
        md.append("## Per-class F1 on the test set\n\n");
        perClassTable(md, run);
        md.append("\n## Degraded test digits\n\nThe same test digits as a coarse or uneven scan would give them, "
                + "for a measure of robustness: accuracy, and in brackets the change from the clean test set in "
                + "points. Training augmentation draws the same kinds of damage at random strengths, chosen on the "
                + "validation split; these test digits are never trained or tuned on.\n\n");
        degradedTable(md, run);
        md.append("\n## Confusion matrices\n\nRows: true digit; columns: predicted digit. Errors shade from white (none) to red (the most frequent error); the correct diagonal is green.\n\n");
        for (ModelResult model : run.models()) {
            image(md, model.name() + " confusion matrix", ChartFiles.confusion(model.name()));
        }
        image(md, "ensemble confusion matrix", ChartFiles.confusion(ChartFiles.ENSEMBLE_NAME));
        md.append("## Misclassified digits\n\n")
                .append(String.format(Locale.ROOT, "The ensemble misclassifies %d of %d test digits.%n%n",
                        misclassified, run.testCount()));
        image(md, "Test digits the ensemble gets wrong", ChartFiles.MISCLASSIFIED);
        md.append("## Hyperparameter search\n\nEvery trial is judged on the validation split only; the test set "
                + "plays no part in any choice.\n\n");
        for (ModelResult model : run.models()) {
            trialsTable(md, model);
        }
        md.append("## Selected configuration\n\n");
        configurationTable(md, run);
        return md.toString();
    }

    private static void degradedTable(StringBuilder md, RunResult run) {
        md.append("| model | clean test |");
        for (ScanDegradation degradation : ScanDegradation.values()) {
            md.append(' ').append(degradation.description()).append(" |");
        }
        md.append("\n| --- | ---: |");
        for (int i = 0; i < ScanDegradation.values().length; i++) {
            md.append(" ---: |");
        }
        md.append('\n');
        for (ModelResult model : run.models()) {
            degradedRow(md, model.name(), model.metrics().accuracy(), model.degradedAccuracy(run.testLabels()));
        }
        degradedRow(md, "ensemble", run.ensemble().accuracy(), RunFacts.ensembleDegradedAccuracy(run));
    }

    private static void degradedRow(StringBuilder md, String name, double clean, Map<String, Double> degraded) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f %% |", name, 100 * clean));
        for (ScanDegradation degradation : ScanDegradation.values()) {
            Double accuracy = degraded.get(degradation.id());
            md.append(accuracy == null ? " – |" : String.format(Locale.ROOT, " %.2f %% (%+.2f) |", 100 * accuracy,
                    100 * (accuracy - clean)));
        }
        md.append('\n');
    }

    private static void runFacts(StringBuilder md, RunResult run) {
        md.append(String.format(Locale.ROOT, "- Profile: `%s`, seed %d, augmentation %s%n", run.profile(), run.seed(),
                run.augmentation() ? "on" : "off"));
        md.append(String.format(Locale.ROOT, "- Started %s, wall time %.1f s%n", run.startedAt().truncatedTo(ChronoUnit.SECONDS),
                run.wallSeconds()));
        md.append(String.format(Locale.ROOT, "- Images: %,d training, %,d validation, %,d test%n", run.trainCount(),
                run.validationCount(), run.testCount()));
        md.append("- Machine: ").append(run.machine()).append("\n\n");
    }

    private static void summaryTable(StringBuilder md, RunResult run) {
        md.append("| model | test accuracy | macro F1 | params | MFLOPs/image | ONNX size | train time | "
                + "p50 batch 1 | p99 batch 1 | images/s batch 64 | images/s batch 256 | ONNX parity: max Δlogit, argmax |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ModelResult m : run.models()) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %,d | %s | %s | %.0f s | %.3f ms | %.3f ms | %,.0f | %,.0f | %.1e, %s |%n",
                    m.name(), ModelComparison.percent(m.metrics().accuracy()),
                    ModelComparison.percent(m.metrics().macroF1()), m.params(), ModelComparison.mflops(m),
                    ModelComparison.kilobytes(m.onnxBytes()), m.trainSeconds(), m.latency().batch1P50Ms(),
                    m.latency().batch1P99Ms(), m.latency().imagesPerSecondBatch64(),
                    m.latency().imagesPerSecondBatch256(), m.parity().maxAbsLogitDelta(),
                    ModelComparison.percent(m.parity().argmaxAgreement())));
        }
        md.append(String.format(Locale.ROOT,
                "| **ensemble** (weights %s) | **%s** | **%s** | %,d | %.2f | | | | | | | |%n",
                ModelComparison.weights(run), ModelComparison.percent(run.ensemble().accuracy()),
                ModelComparison.percent(run.ensemble().macroF1()),
                run.models().stream().mapToLong(ModelResult::params).sum(),
                run.models().stream().mapToLong(ModelResult::flopsPerImage).sum() / 1e6));
    }

    private static void perClassTable(StringBuilder md, RunResult run) {
        md.append("| digit | test images |");
        run.models().forEach(m -> md.append(' ').append(m.name()).append(" |"));
        md.append(" ensemble |\n| ---: | ---: |");
        run.models().forEach(m -> md.append(" ---: |"));
        md.append(" ---: |\n");
        for (int digit = 0; digit < run.ensemble().f1().length; digit++) {
            md.append("| ").append(digit).append(" | ").append(run.ensemble().support(digit)).append(" |");
            for (ModelResult m : run.models()) {
                md.append(' ').append(f1(m.metrics(), digit)).append(" |");
            }
            md.append(' ').append(f1(run.ensemble(), digit)).append(" |\n");
        }
    }

    private static String f1(ClassificationMetrics metrics, int digit) {
        return ModelComparison.percent(metrics.f1()[digit]);
    }

    private static void trialsTable(StringBuilder md, ModelResult model) {
        md.append("### ").append(model.name()).append("\n\n");
        if (model.trials().isEmpty()) {
            md.append("No search was run for this model; it was trained with its default hyperparameters.\n\n");
            return;
        }
        md.append("| trial | width | layers | dropout | learning rate | weight decay | batch | epochs run | "
                + "best val loss | best val accuracy | seconds | selected |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |\n");
        for (TrialResult t : model.trials()) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.2e | %.1e | %d | %d | %.4f | %s | %.0f | %s |%n",
                    t.trial(), t.model().width(), t.model().layers(), t.model().dropout(), t.config().learningRate(),
                    t.config().weightDecay(), t.config().batchSize(), t.epochsRun(), t.bestValLoss(),
                    ModelComparison.percent(t.bestValAccuracy()), t.seconds(), t.selected() ? "✔" : ""));
        }
        md.append('\n');
    }

    private static void configurationTable(StringBuilder md, RunResult run) {
        md.append("| model | width | layers | dropout | learning rate | weight decay | gradient clip | weight average "
                + "| batch | max epochs | warm-up epochs | patience | epochs run | augmentation |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |\n");
        for (ModelResult m : run.models()) {
            TrainingConfig c = m.config();
            md.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.2f | %.2e | %.1e | %s | %s | %d | %d | %d | %d | %d | %s |%n",
                    m.name(), m.hyperparameters().width(), m.hyperparameters().layers(), m.hyperparameters().dropout(),
                    c.learningRate(), c.weightDecay(),
                    c.gradientClipNorm() > 0 ? String.format(Locale.ROOT, "norm %.1f", c.gradientClipNorm()) : "off",
                    c.weightAverageDecay() > 0 ? String.format(Locale.ROOT, "decay %s", c.weightAverageDecay()) : "off",
                    c.batchSize(), c.maxEpochs(), c.warmupEpochs(), c.patience(),
                    m.history().size(), c.augment() ? "on" : "off"));
        }
    }

    private static void image(StringBuilder md, String alt, String file) {
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
    }
}
