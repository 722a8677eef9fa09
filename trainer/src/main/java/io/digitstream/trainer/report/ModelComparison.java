package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import io.digitstream.trainer.evaluate.ConfusedPair;
import io.digitstream.trainer.evaluate.VoteMatrices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The written comparison of the models, generated from the measured numbers only, so it stays true for every run:
 * who is most accurate, cheapest, fastest, where each model errs most, and what the ensemble adds.
 */
final class ModelComparison {

    private ModelComparison() {
    }

    /** Markdown bullet lists: overall findings, then one entry per model, then the ensemble. */
    static String markdown(RunResult run) {
        StringBuilder md = new StringBuilder();
        for (String finding : overall(run)) {
            md.append("- ").append(finding).append('\n');
        }
        md.append("\n**Strengths and weaknesses per model**\n\n");
        for (ModelResult model : run.models()) {
            md.append("- ").append(perModel(run, model)).append('\n');
        }
        md.append("\n**Ensemble versus the best single model**\n\n").append(ensemble(run)).append('\n');
        return md.toString();
    }

    private static List<String> overall(RunResult run) {
        ModelResult mostAccurate = RunFacts.mostAccurate(run);
        ModelResult leastAccurate = RunFacts.min(run, m -> m.metrics().accuracy());
        ModelResult fewestFlops = RunFacts.min(run, m -> m.flopsPerImage());
        ModelResult mostFlops = RunFacts.max(run, m -> m.flopsPerImage());
        ModelResult fastest = RunFacts.min(run, m -> m.latency().batch1P50Ms());
        ModelResult slowest = RunFacts.max(run, m -> m.latency().batch1P50Ms());
        ModelResult bestThroughput = RunFacts.max(run, m -> m.latency().imagesPerSecondBatch256());
        ModelResult quickestTrain = RunFacts.min(run, ModelResult::trainSeconds);
        ModelResult smallest = RunFacts.min(run, ModelResult::onnxBytes);
        List<String> findings = new ArrayList<>();
        if (run.models().size() == 1) {
            findings.add(String.format(Locale.ROOT, "Only %s was trained in this run: %s test accuracy (%,d errors in "
                            + "%,d), macro F1 %s, %s MFLOPs per image, %.3f ms per image at batch 1.",
                    mostAccurate.name(), percent(mostAccurate.metrics().accuracy()), errors(mostAccurate.metrics()),
                    run.testCount(), percent(mostAccurate.metrics().macroF1()), mflops(mostAccurate),
                    mostAccurate.latency().batch1P50Ms()));
            return findings;
        }
        findings.add(String.format(Locale.ROOT, "**Most accurate:** %s with %s test accuracy (%,d errors in %,d), "
                        + "macro F1 %s. Least accurate: %s with %s.",
                mostAccurate.name(), percent(mostAccurate.metrics().accuracy()), errors(mostAccurate.metrics()),
                run.testCount(), percent(mostAccurate.metrics().macroF1()), leastAccurate.name(),
                percent(leastAccurate.metrics().accuracy())));
        findings.add(String.format(Locale.ROOT, "**Cheapest to compute:** %s at %s MFLOPs per image; the most "
                        + "expensive, %s, needs %s (%s times as many).",
                fewestFlops.name(), mflops(fewestFlops), mostFlops.name(), mflops(mostFlops),
                times(mostFlops.flopsPerImage(), fewestFlops.flopsPerImage())));
        findings.add(String.format(Locale.ROOT, "**Fastest in ONNX Runtime:** %s at %.3f ms per image (batch-1 p50); "
                        + "slowest: %s at %.3f ms. Highest throughput at batch 256: %s with %,.0f images/s.",
                fastest.name(), fastest.latency().batch1P50Ms(), slowest.name(), slowest.latency().batch1P50Ms(),
                bestThroughput.name(), bestThroughput.latency().imagesPerSecondBatch256()));
        findings.add(String.format(Locale.ROOT, "**Smallest file:** %s (%s); **quickest to train:** %s (%.0f s).",
                smallest.name(), kilobytes(smallest.onnxBytes()), quickestTrain.name(), quickestTrain.trainSeconds()));
        return findings;
    }

    private static String perModel(RunResult run, ModelResult model) {
        List<String> strengths = new ArrayList<>();
        List<String> weaknesses = new ArrayList<>();
        rank(run, model, "most accurate", "least accurate", m -> m.metrics().accuracy(), strengths, weaknesses);
        rank(run, model, "fastest at batch 1", "slowest at batch 1", m -> -m.latency().batch1P50Ms(),
                strengths, weaknesses);
        rank(run, model, "highest throughput", "lowest throughput", m -> m.latency().imagesPerSecondBatch256(),
                strengths, weaknesses);
        rank(run, model, "fewest FLOPs", "most FLOPs", m -> -m.flopsPerImage(), strengths, weaknesses);
        rank(run, model, "fewest parameters", "most parameters", m -> -m.params(), strengths, weaknesses);
        rank(run, model, "quickest to train", "slowest to train", m -> -m.trainSeconds(), strengths, weaknesses);
        ClassificationMetrics metrics = model.metrics();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "**%s** — %s accuracy (rank %d of %d), "
                        + "%s MFLOPs, %.3f ms p50. ",
                model.name(), percent(metrics.accuracy()), accuracyRank(run, model), run.models().size(),
                mflops(model), model.latency().batch1P50Ms()));
        text.append("Strengths: ").append(strengths.isEmpty() ? "none outright" : String.join(", ", strengths))
                .append(". Weaknesses: ").append(weaknesses.isEmpty() ? "none outright" : String.join(", ", weaknesses))
                .append(". ");
        text.append(errorProfile(metrics));
        return text.toString();
    }

    /** Only the extremes count as a strength or weakness; with a single model there is nothing to compare. */
    private static void rank(RunResult run, ModelResult model, String best, String worst,
            ToDoubleFunction<ModelResult> higherIsBetter, List<String> strengths, List<String> weaknesses) {
        if (run.models().size() < 2) {
            return;
        }
        if (RunFacts.max(run, higherIsBetter) == model) {
            strengths.add(best);
        } else if (RunFacts.min(run, higherIsBetter) == model) {
            weaknesses.add(worst);
        }
    }

    private static int accuracyRank(RunResult run, ModelResult model) {
        List<ModelResult> byAccuracy = run.models().stream()
                .sorted(Comparator.comparingDouble((ModelResult m) -> m.metrics().accuracy()).reversed())
                .toList();
        return byAccuracy.indexOf(model) + 1;
    }

    private static String errorProfile(ClassificationMetrics metrics) {
        List<ConfusedPair> pairs = metrics.mostConfused(3);
        if (pairs.isEmpty()) {
            return "No test errors.";
        }
        int weakest = 0;
        for (int c = 1; c < metrics.f1().length; c++) {
            if (metrics.f1()[c] < metrics.f1()[weakest]) {
                weakest = c;
            }
        }
        return "Errs most on " + pairs.stream()
                .map(p -> p.actual() + "→" + p.predicted() + " (" + p.count() + ")")
                .collect(Collectors.joining(", "))
                + "; weakest digit " + weakest + " (F1 " + percent(metrics.f1()[weakest]) + ").";
    }

    private static String ensemble(RunResult run) {
        ModelResult best = RunFacts.mostAccurate(run);
        int[] bestPredicted = VoteMatrices.argmax(best.testProbabilities());
        int[] ensemblePredicted = VoteMatrices.argmax(run.ensembleProbabilities());
        int fixed = 0;
        int introduced = 0;
        for (int i = 0; i < run.testLabels().length; i++) {
            boolean bestRight = bestPredicted[i] == run.testLabels()[i];
            boolean ensembleRight = ensemblePredicted[i] == run.testLabels()[i];
            if (!bestRight && ensembleRight) {
                fixed++;
            } else if (bestRight && !ensembleRight) {
                introduced++;
            }
        }
        double gain = run.ensemble().accuracy() - best.metrics().accuracy();
        String verdict = gain > 0 ? "beats" : gain == 0 ? "ties with" : "falls short of";
        EnsembleFit fit = run.ensembleFit();
        return String.format(Locale.ROOT, "The soft vote of %d models reaches %s test accuracy and %s "
                        + "the best single model, %s (%s, %+.2f points). It corrects %d of %s's errors and makes %s "
                        + "that %s gets right; in exchange it costs the sum of its members' compute (%s MFLOPs per "
                        + "image). Its weights were fitted on the validation split (%s; validation log-loss %.4f, "
                        + "equal vote %.4f); an equal vote would have reached %s on the test set.",
                run.models().size(), percent(run.ensemble().accuracy()), verdict, best.name(),
                percent(best.metrics().accuracy()), 100 * gain, fixed, best.name(),
                introduced == 1 ? "1 new error" : introduced + " new errors", best.name(),
                String.format(Locale.ROOT, "%.2f", run.models().stream().mapToLong(ModelResult::flopsPerImage).sum() / 1e6),
                weights(run), fit.validationLogLoss(), fit.equalVoteValidationLogLoss(),
                percent(fit.equalVote().accuracy()));
    }

    /** The ensemble's weights, named, in model order. */
    static String weights(RunResult run) {
        return run.ensembleFit().describe(run.models().stream().map(ModelResult::name).toList());
    }

    private static int errors(ClassificationMetrics metrics) {
        int errors = 0;
        for (int actual = 0; actual < metrics.confusion().length; actual++) {
            for (int predicted = 0; predicted < metrics.confusion().length; predicted++) {
                errors += actual == predicted ? 0 : metrics.confusion()[actual][predicted];
            }
        }
        return errors;
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    static String mflops(ModelResult model) {
        return String.format(Locale.ROOT, "%.2f", model.flopsPerImage() / 1e6);
    }

    static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f KB", bytes / 1024.0);
    }

    private static String times(long larger, long smaller) {
        return smaller == 0 ? "∞" : String.format(Locale.ROOT, "%.1f", (double) larger / smaller);
    }
}
