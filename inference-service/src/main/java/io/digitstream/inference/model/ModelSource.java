package io.digitstream.inference.model;

import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the served model sets live ({@code digitstream.models.dir}): a model store, whose {@code active.json} names the
 * champion and challenger versions, or a single set directory (a {@code manifest.json} and its files), which serves as
 * the champion alone.
 */
public final class ModelSource {

    /** One set to serve: its directory and a key that changes whenever its manifest does. */
    public record SetLocation(Path directory, String manifestSha256) {
    }

    /** What the source names now. */
    public record Selection(SetLocation champion, Optional<SetLocation> challenger) {
    }

    private final Path dir;

    public ModelSource(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * A cheap value that changes when what the source names changes: the pointer's bytes in a store, the manifest's in a
     * single set (versions in a store are never rewritten, so their manifests need not be read to notice a change).
     */
    public String fingerprint() {
        Path file = ModelStore.isStore(dir) ? dir.resolve(ModelStore.POINTER_FILE) : dir.resolve(ModelStore.MANIFEST_FILE);
        try {
            return file.getFileName() + ":" + ModelManifestLoader.digest(file);
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
    }

    /** @throws ModelIntegrityException when the pointer or a named set cannot be read, saying which and why */
    public Selection select() {
        if (!ModelStore.isStore(dir)) {
            return new Selection(location(dir), Optional.empty());
        }
        ModelPointer pointer;
        try {
            pointer = ModelStore.readPointer(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelIntegrityException("model store pointer " + dir.resolve(ModelStore.POINTER_FILE)
                    + " is unusable: " + e.getMessage(), e);
        }
        return new Selection(location(ModelStore.versionDir(dir, pointer.champion())),
                Optional.ofNullable(pointer.challenger()).map(version -> location(ModelStore.versionDir(dir, version))));
    }

    private static SetLocation location(Path setDir) {
        Path manifest = setDir.resolve(ModelStore.MANIFEST_FILE);
        try {
            return new SetLocation(setDir, ModelManifestLoader.digest(manifest));
        } catch (IOException e) {
            throw new ModelIntegrityException("no readable model manifest at " + manifest
                    + " (set digitstream.models.dir to the trainer's output directory): " + e, e);
        }
    }
}
