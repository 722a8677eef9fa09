package io.digitstream.trainer.report;

import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/** Rankings of a run's models that several report parts need; ties go to the model listed first. */
final class RunFacts {

    private RunFacts() {
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
