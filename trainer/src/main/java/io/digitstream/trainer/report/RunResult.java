package io.digitstream.trainer.report;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.evaluate.ClassificationMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One complete trainer run, as the report shows it. {@code testLabels}, {@code testPixels} (N x 784 unsigned bytes,
 * row-major, ink high) and every probability matrix are in the same test-set order; the constructor refuses results
 * whose sizes disagree, because a report built from them would silently mislabel images. The ensemble is the soft vote
 * weighted by {@code ensembleFit}.
 */
public record RunResult(
        String runId,
        String profile,
        long seed,
        boolean augmentation,
        Instant startedAt,
        double wallSeconds,
        String machine,
        int trainCount,
        int validationCount,
        int testCount,
        int[] testLabels,
        byte[] testPixels,
        List<ModelResult> models,
        float[][] ensembleProbabilities,
        ClassificationMetrics ensemble,
        EnsembleFit ensembleFit) {

    public RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(testLabels, "testLabels");
        Objects.requireNonNull(testPixels, "testPixels");
        Objects.requireNonNull(ensembleProbabilities, "ensembleProbabilities");
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(ensembleFit, "ensembleFit");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a run result needs at least one model");
        }
        requireSize("test labels", testLabels.length, testCount);
        requireSize("test pixels", testPixels.length, (long) testCount * ModelContract.PIXELS);
        requireSize("ensemble probabilities", ensembleProbabilities.length, testCount);
        if (ensembleFit.weights().length != models.size()) {
            throw new IllegalArgumentException(ensembleFit.weights().length + " ensemble weights for "
                    + models.size() + " models");
        }
        for (ModelResult model : models) {
            requireSize(model.name() + " test probabilities", model.testProbabilities().length, testCount);
        }
    }

    private static void requireSize(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " values for the test set, got "
                    + actual);
        }
    }
}
