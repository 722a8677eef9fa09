package io.digitstream.trainer;

import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.trainer.model.Architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/** Reads, checks and atomically writes {@code manifest.json} in a model directory. */
public final class ManifestFiles {

    public static final String FILE = "manifest.json";

    private ManifestFiles() {
    }

    /**
     * Writes through a temporary file and an atomic rename, so a reader sees the old manifest or the new one, never
     * half of one.
     */
    public static Path write(Path modelDir, ModelManifest manifest) throws IOException {
        Path target = modelDir.resolve(FILE);
        Path temporary = modelDir.resolve(FILE + ".tmp");
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), manifest);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Removes the manifest before a new run overwrites model files, so it can never point at half-written ones. */
    public static void retract(Path modelDir) throws IOException {
        Files.deleteIfExists(modelDir.resolve(FILE));
    }

    public static ModelManifest read(Path modelDir) throws IOException {
        return EventJson.mapper().readValue(modelDir.resolve(FILE).toFile(), ModelManifest.class);
    }

    /**
     * Why the models in {@code modelDir} cannot be reused for {@code wanted}, or empty when they can: the set is intact
     * ({@link #whyNotIntact}), lists every wanted model and has fitted ensemble weights when it lists several.
     */
    public static Optional<String> whyNotReusable(Path modelDir, List<Architecture> wanted) {
        Optional<String> broken = whyNotIntact(modelDir);
        if (broken.isPresent()) {
            return broken;
        }
        ModelManifest manifest;
        try {
            manifest = read(modelDir);
        } catch (IOException | RuntimeException e) {
            return Optional.of(FILE + " in " + modelDir + " is unreadable: " + e.getMessage());
        }
        for (Architecture model : wanted) {
            if (manifest.model(model.id()).isEmpty()) {
                return Optional.of(FILE + " does not list model " + model.id());
            }
        }
        if (manifest.ensemble() == null && manifest.models().size() > 1) {
            // Written before the trainer fitted vote weights: retrain, or the service would vote equally.
            return Optional.of(FILE + " has no fitted ensemble weights (written by an older trainer)");
        }
        return Optional.empty();
    }

    /**
     * Why the model set in {@code modelDir} cannot be served as it is, or empty when it can: the manifest exists and
     * parses, and every listed file exists with the recorded SHA-256.
     */
    public static Optional<String> whyNotIntact(Path modelDir) {
        if (!Files.isRegularFile(modelDir.resolve(FILE))) {
            return Optional.of("no " + FILE + " in " + modelDir);
        }
        ModelManifest manifest;
        try {
            manifest = read(modelDir);
        } catch (IOException | RuntimeException e) {
            return Optional.of(FILE + " in " + modelDir + " is unreadable: " + e.getMessage());
        }
        for (ManifestEntry entry : manifest.models()) {
            Path file = modelDir.resolve(entry.file());
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.of(entry.name() + ": " + file + " is missing");
                }
                String actual = Sha256.of(file);
                if (!actual.equals(entry.sha256())) {
                    return Optional.of(entry.name() + ": sha256 of " + file + " is " + actual + ", manifest says "
                            + entry.sha256());
                }
            } catch (IOException e) {
                return Optional.of(entry.name() + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
