package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.LatencyBenchmark;
import io.digitstream.trainer.export.ParityReport;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.train.EpochStats;
import io.digitstream.trainer.train.TrainingConfig;
import io.digitstream.trainer.train.TrialResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shape of {@code metrics.json}: the run's numbers without its bulk (no pixels, no per-image probabilities) and
 * with file references relative to the models directory, so the document is portable between machines.
 */
public record MetricsDocument(Run run, List<Model> models, Ensemble ensemble) {

    public record Run(
            String runId,
            String profile,
            long seed,
            boolean augmentation,
            Instant startedAt,
            double wallSeconds,
            String machine,
            int trainCount,
            int validationCount,
            int testCount) {
    }

    public record Model(
            String name,
            ModelHyperparameters hyperparameters,
            TrainingConfig training,
            long params,
            long flopsPerImage,
            String onnxFile,
            long onnxBytes,
            String onnxSha256,
            double trainSeconds,
            ClassificationMetrics test,
            LatencyBenchmark latency,
            ParityReport parity,
            List<EpochStats> history,
            List<TrialResult> trials,
            Map<String, Double> degradedTestAccuracy) {
    }

    /**
     * The soft-vote ensemble, weighted by {@code weights} (fitted on the validation split);
     * {@code accuracyGainOverBestModel} is its accuracy minus the best member's, and its cost is the sum of its
     * members' (every member runs on every image). The equal vote's figures are there for comparison only.
     */
    public record Ensemble(
            List<String> members,
            Map<String, Double> weights,
            double validationLogLoss,
            double equalVoteValidationLogLoss,
            double equalVoteTestAccuracy,
            String bestModel,
            double accuracyGainOverBestModel,
            long params,
            long flopsPerImage,
            ClassificationMetrics test,
            Map<String, Double> degradedTestAccuracy) {
    }

    public static MetricsDocument of(RunResult run) {
        Run runSection = new Run(run.runId(), run.profile(), run.seed(), run.augmentation(), run.startedAt(),
                run.wallSeconds(), run.machine(), run.trainCount(), run.validationCount(), run.testCount());
        List<Model> models = run.models().stream().map(m -> model(m, run.testLabels())).toList();
        ModelResult best = RunFacts.mostAccurate(run);
        List<String> names = run.models().stream().map(ModelResult::name).toList();
        Ensemble ensemble = new Ensemble(
                names,
                run.ensembleFit().byModel(names),
                run.ensembleFit().validationLogLoss(),
                run.ensembleFit().equalVoteValidationLogLoss(),
                run.ensembleFit().equalVote().accuracy(),
                best.name(),
                run.ensemble().accuracy() - best.metrics().accuracy(),
                run.models().stream().mapToLong(ModelResult::params).sum(),
                run.models().stream().mapToLong(ModelResult::flopsPerImage).sum(),
                run.ensemble(),
                RunFacts.ensembleDegradedAccuracy(run));
        return new MetricsDocument(runSection, models, ensemble);
    }

    private static Model model(ModelResult m, int[] testLabels) {
        return new Model(m.name(), m.hyperparameters(), m.config(), m.params(), m.flopsPerImage(),
                m.onnxFile().getFileName().toString(), m.onnxBytes(), m.onnxSha256(), m.trainSeconds(), m.metrics(),
                m.latency(), m.parity(), m.history(), m.trials(), m.degradedAccuracy(testLabels));
    }
}
