package io.digitstream.trainer;

import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where one run writes its model set. {@link OutputLayout#FLAT}: straight into the output directory, after removing
 * the old manifest. {@link OutputLayout#STORE}: into a fresh {@code versions/<run-id>/} that nothing points at until
 * the run has written its manifest (last) and {@link #activate} changes {@code active.json}; a failed run's version
 * directory is removed again.
 */
public final class RunOutput {

    private final Path output;
    private final OutputLayout layout;
    private final String version;
    private final Path modelDir;

    private RunOutput(Path output, OutputLayout layout, String version, Path modelDir) {
        this.output = output;
        this.layout = layout;
        this.version = version;
        this.modelDir = modelDir;
    }

    /**
     * What can be checked before any training: the layouts do not mix, an existing pointer is valid, and a run asked
     * to be the challenger has a champion to run beside.
     *
     * @throws IllegalArgumentException or IllegalStateException with the reason
     */
    public static void checkBeforeTraining(Path output, OutputLayout layout, Activation activation) throws IOException {
        ModelStores.checkLayout(output, layout);
        if (layout == OutputLayout.STORE) {
            Optional<ModelPointer> pointer = ModelStores.pointer(output);
            if (activation == Activation.CHALLENGER && pointer.isEmpty()) {
                throw new IllegalStateException("--activate challenger: " + output + " has no "
                        + ModelStore.POINTER_FILE + ", so there is no champion to challenge; use --activate champion"
                        + " or auto");
            }
        }
    }

    /** Prepares the directory the run's ONNX files and manifest go into. */
    public static RunOutput open(Path output, OutputLayout layout, String runId) throws IOException {
        ModelStores.checkLayout(output, layout);
        if (layout == OutputLayout.FLAT) {
            Files.createDirectories(output);
            ManifestFiles.retract(output);
            return new RunOutput(output, layout, null, output);
        }
        return new RunOutput(output, layout, runId, ModelStores.createVersion(output, runId));
    }

    /** The directory for the ONNX files and, last, the manifest. */
    public Path modelDir() {
        return modelDir;
    }

    /** The version in the store, empty with the flat layout. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** After a failure: removes the half-written version directory (the flat layout has already lost its manifest). */
    public void discard(Consumer<String> log) {
        if (layout != OutputLayout.STORE) {
            return;
        }
        try {
            ModelStores.deleteVersion(output, version);
            log.accept("removed the unfinished version directory " + modelDir);
        } catch (IOException | RuntimeException e) {
            log.accept("could not remove the unfinished version directory " + modelDir + ": " + e.getMessage());
        }
    }

    /**
     * With the store layout, once the manifest is written: points {@code active.json} at the new version as
     * {@code activation} says, then prunes to the {@code keep} newest versions (never one the pointer names, nor this
     * one). Logs one line for each.
     *
     * @return the versions pruning deleted
     */
    public List<String> activate(Activation activation, int keep, Instant at, Consumer<String> log) throws IOException {
        if (layout != OutputLayout.STORE) {
            return List.of();
        }
        ModelStores.Change change = ModelStores.activate(output, version, activation, at);
        log.accept(change.summary());
        List<String> deleted = ModelStores.prune(output, keep, Set.of(version));
        log.accept(deleted.isEmpty()
                ? "pruning (--keep " + keep + "): nothing to delete"
                : "pruning (--keep " + keep + "): deleted " + String.join(", ", deleted));
        return deleted;
    }
}
