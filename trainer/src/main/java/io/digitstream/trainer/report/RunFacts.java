package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.evaluate.VoteMatrices;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** Rankings of a run's models that several report parts need; ties go to the model listed first. */
final class RunFacts {

    private RunFacts() {
    }

    /**
     * The weighted soft vote's accuracy on each degraded test set (ScanDegradation), by id: every model's
     * probabilities on it voted with the run's fitted weights, as on the clean test set.
     */
    static Map<String, Double> ensembleDegradedAccuracy(RunResult run) {
        Map<ScanDegradation, float[][]> voted = new EnumMap<>(ScanDegradation.class);
        for (ScanDegradation degradation : ScanDegradation.values()) {
            List<float[][]> perModel = run.models().stream().map(m -> m.degradedProbabilities().get(degradation))
                    .toList();
            if (perModel.stream().allMatch(Objects::nonNull)) {
                voted.put(degradation, VoteMatrices.softVote(perModel, run.ensembleFit().weights()));
            }
        }
        return ScanDegradation.accuracies(voted, run.testLabels());
    }

    static ModelResult mostAccurate(RunResult run) {
        return max(run, m -> m.metrics().accuracy());
    }

    static ModelResult max(RunResult run, ToDoubleFunction<ModelResult> measure) {
        return run.models().stream().max(Comparator.comparingDouble(measure)
                .thenComparingInt(m -> -run.models().indexOf(m))).orElseThrow();
    }

    static ModelResult min(RunResult run, ToDoubleFunction<ModelResult> measure) {
        return run.models().stream().min(Comparator.comparingDouble(measure)
                .thenComparingInt(m -> run.models().indexOf(m))).orElseThrow();
    }
}
