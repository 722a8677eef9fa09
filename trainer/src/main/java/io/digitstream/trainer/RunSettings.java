package io.digitstream.trainer;

import io.digitstream.trainer.collect.ScanMix;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.SearchBudget;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run's settings: the profile, plus what the command line overrode.
 *
 * @param epochs       final-training epochs for every model, instead of the profile's
 * @param searchBudget each model's search, instead of the profile's (trials or wall time; none: no search)
 * @param threads      intra-op threads for the training engine and ONNX Runtime
 * @param outputDir    {@code --output}: a model store or, with the flat layout, the model directory itself
 * @param layout       how the model set is written into {@code outputDir}
 * @param activation   with the store layout, what the new version becomes in {@code active.json}
 * @param keep         with the store layout, how many of the newest versions pruning keeps (besides those the
 *                     pointer names)
 * @param scans        reviewed scans to learn from beside MNIST ({@code --from-topic}), if any
 */
public record RunSettings(TrainingProfile profile, List<Architecture> models, long seed, boolean augment,
        Optional<Integer> epochs, Optional<SearchBudget> searchBudget, int threads, Path outputDir, Path reportsDir,
        OutputLayout layout, Activation activation, int keep, Optional<ScanMix> scans) {

    public RunSettings {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model selected");
        }
        if (models.stream().distinct().count() != models.size()) {
            throw new IllegalArgumentException("a model is listed twice: " + models);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        epochs.filter(e -> e < 1).ifPresent(e -> {
            throw new IllegalArgumentException("epochs must be at least 1, was " + e);
        });
        Objects.requireNonNull(searchBudget, "searchBudget");
        if (keep < 0) {
            throw new IllegalArgumentException("keep cannot be negative, was " + keep);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(scans, "scans");
        models = List.copyOf(models);
    }

    /**
     * How the models share the threads: side by side, one lane per thread, when the profile says so (profile key
     * {@code models-side-by-side}); else one after another, each on every thread.
     */
    TrainingLanes lanes() {
        return profile.modelsSideBySide() ? TrainingLanes.of(threads, models.size()) : new TrainingLanes(1, threads);
    }

    /** The same run, learning from {@code mix} too. */
    public RunSettings withScans(ScanMix mix) {
        return new RunSettings(profile, models, seed, augment, epochs, searchBudget, threads, outputDir, reportsDir,
                layout, activation, keep, Optional.of(mix));
    }

    /** Settings of a run that learns from MNIST alone. */
    public RunSettings(TrainingProfile profile, List<Architecture> models, long seed, boolean augment,
            Optional<Integer> epochs, Optional<SearchBudget> searchBudget, int threads, Path outputDir, Path reportsDir,
            OutputLayout layout, Activation activation, int keep) {
        this(profile, models, seed, augment, epochs, searchBudget, threads, outputDir, reportsDir, layout, activation,
                keep, Optional.empty());
    }
}
