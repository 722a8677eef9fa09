package io.digitstream.trainer;

import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The trainer's side of a model store ({@link ModelStore}): creating a version directory for a run, pointing
 * {@code active.json} at versions (each checked before it is pointed at), and pruning old versions. Every change of
 * the pointer goes through {@link ModelStore#writePointer} (atomic) while holding an exclusive lock on
 * {@code <store>/.lock}, so a training run and an operator's command cannot overwrite each other's change.
 */
public final class ModelStores {

    /** Held while the pointer is read, changed and written, and while versions are pruned. */
    public static final String LOCK_FILE = ".lock";

    private ModelStores() {
    }

    /** What a pointer change did; {@code before} is null when the store had no pointer. */
    public record Change(ModelPointer before, ModelPointer after, String summary) {

        public boolean changed() {
            return !Objects.equals(before, after);
        }
    }

    /** One version as {@code trainer models list} shows it; {@code problem} is set when its manifest is unreadable. */
    public record VersionSummary(String version, List<String> roles, ModelManifest manifest, String problem) {
    }

    /**
     * Refuses to write {@code layout} into a directory laid out the other way, so the layouts never mix.
     *
     * @throws IllegalArgumentException naming the directory and what to do instead
     */
    public static void checkLayout(Path output, OutputLayout layout) {
        boolean flatSet = Files.isRegularFile(output.resolve(ModelStore.MANIFEST_FILE));
        boolean store = ModelStore.isStore(output);
        if (layout == OutputLayout.STORE && flatSet && !store) {
            throw new IllegalArgumentException(output + " holds a flat model set (" + ModelStore.MANIFEST_FILE
                    + " without " + ModelStore.POINTER_FILE + "); pass --layout flat to train into it as before, or"
                    + " choose another --output for a model store");
        }
        if (layout == OutputLayout.FLAT && store) {
            throw new IllegalArgumentException(output + " is a model store (" + ModelStore.POINTER_FILE
                    + "); train into it with --layout store, or choose another --output for a flat model set");
        }
    }

    /**
     * Turns a directory holding a flat model set (as trainers before model stores wrote it) into a store whose first
     * version, named after the set's run id, is that set as the champion. The files are copied into the version
     * directory (manifest last) and checked before the pointer names it; only then are the flat files removed (manifest
     * first), so at every moment the directory holds a servable set. A service polling the directory moves from the
     * flat set to the version without a restart.
     *
     * @return the change, or empty when {@code dir} holds no flat set (nothing to adopt)
     */
    public static Optional<Change> adoptFlatSet(Path dir, Instant at) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ModelStore.MANIFEST_FILE)) || ModelStore.isStore(dir)) {
            return Optional.empty();
        }
        ManifestFiles.whyNotIntact(dir).ifPresent(reason -> {
            throw new IllegalStateException("cannot adopt the flat model set in " + dir + " as a store version: "
                    + reason + "; move it away or train into another --output");
        });
        ModelManifest manifest = ManifestFiles.read(dir);
        String version = manifest.runId();
        return Optional.of(locked(dir, () -> {
            Path versionDir = createVersion(dir, version);
            for (ManifestEntry entry : manifest.models()) {
                Files.copy(dir.resolve(entry.file()), versionDir.resolve(entry.file()));
            }
            Files.copy(dir.resolve(ModelStore.MANIFEST_FILE), versionDir.resolve(ModelStore.MANIFEST_FILE));
            requireServable(dir, version, "adopt");
            ModelPointer pointer = new ModelPointer(version, null, null, at);
            ModelStore.writePointer(dir, pointer);
            Files.delete(dir.resolve(ModelStore.MANIFEST_FILE));
            for (ManifestEntry entry : manifest.models()) {
                Files.deleteIfExists(dir.resolve(entry.file()));
            }
            return new Change(null, pointer, "adopted the flat model set in " + dir + " as version " + version
                    + ", the champion of the new model store");
        }));
    }

    /** The pointer, or empty when the store has none yet. */
    public static Optional<ModelPointer> pointer(Path store) throws IOException {
        if (!Files.exists(store.resolve(ModelStore.POINTER_FILE))) {
            return Optional.empty();
        }
        return Optional.of(ModelStore.readPointer(store));
    }

    /**
     * Creates the fresh, empty directory of a new version.
     *
     * @throws IllegalArgumentException when {@code version} is not a valid version name
     * @throws IllegalStateException    when the version already exists (versions are never overwritten)
     */
    public static Path createVersion(Path store, String version) throws IOException {
        Path dir = ModelStore.versionDir(store, version);
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("version " + version + " already exists in " + store
                    + " (versions are never overwritten); start the run again", e);
        }
        return dir;
    }

    /**
     * Deletes a version directory, its manifest first, so no reader ever finds a manifest whose files are gone.
     * Only the directory's own entries are deleted; links are removed, never followed.
     */
    public static void deleteVersion(Path store, String version) throws IOException {
        Path dir = store.resolve(ModelStore.VERSIONS_DIR).resolve(version);
        if (!dir.getParent().equals(store.resolve(ModelStore.VERSIONS_DIR)) || version.equals(".")
                || version.equals("..")) {
            throw new IllegalArgumentException("not a version directory name: '" + version + "'");
        }
        Files.deleteIfExists(dir.resolve(ModelStore.MANIFEST_FILE));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Why {@code version} cannot be pointed at, or empty when it can: a valid name, its directory exists, its
     * manifest parses, and every listed file has the recorded SHA-256.
     */
    public static Optional<String> whyNotServable(Path store, String version) {
        Path dir;
        try {
            dir = ModelStore.versionDir(store, version);
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + version + "' is not a version name: " + e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("no version " + version + " in " + store + " (" + dir + " does not exist)");
        }
        return ManifestFiles.whyNotIntact(dir).map(reason -> "version " + version + " is not intact: " + reason);
    }

    /**
     * Points the store at a version a run has just written, as {@code activation} says.
     *
     * @throws IllegalStateException when the version is to be the challenger but the store has no champion
     */
    public static Change activate(Path store, String version, Activation activation, Instant at) throws IOException {
        return locked(store, () -> {
            Optional<ModelPointer> current = pointer(store);
            String promoteHint = "; promote it with: trainer models promote " + version + " --store " + store;
            switch (activation) {
                case NONE:
                    return new Change(current.orElse(null), current.orElse(null), "version " + version + " written to "
                            + store + "; " + ModelStore.POINTER_FILE + " left unchanged (--activate none)" + promoteHint);
                case AUTO:
                    if (current.isEmpty()) {
                        Change change = promoteLocked(store, version, current, at);
                        return new Change(change.before(), change.after(), "--activate auto: the store had no"
                                + " champion, so " + change.summary());
                    }
                    Change challenge = challengeLocked(store, version, current, at);
                    return new Change(challenge.before(), challenge.after(), "--activate auto: the store has champion "
                            + current.get().champion() + ", so " + challenge.summary() + promoteHint);
                case CHAMPION:
                    return promoteLocked(store, version, current, at);
                case CHALLENGER:
                    Change change = challengeLocked(store, version, current, at);
                    return new Change(change.before(), change.after(), change.summary() + promoteHint);
                default:
                    throw new IllegalStateException("unknown activation " + activation);
            }
        });
    }

    /** {@code version} becomes the champion; the old champion becomes the previous one; a challenger equal to it is cleared. */
    public static Change promote(Path store, String version, Instant at) throws IOException {
        requireStoreDirectory(store);
        return locked(store, () -> promoteLocked(store, version, pointer(store), at));
    }

    /** {@code version} runs beside the champion, replacing any challenger. */
    public static Change challenge(Path store, String version, Instant at) throws IOException {
        requireStoreDirectory(store);
        return locked(store, () -> challengeLocked(store, version, pointer(store), at));
    }

    public static Change dropChallenger(Path store, Instant at) throws IOException {
        requireStoreDirectory(store);
        return locked(store, () -> {
            ModelPointer current = requirePointer(store);
            if (current.challenger() == null) {
                return new Change(current, current, "no challenger in " + store + "; nothing changed");
            }
            ModelPointer next = new ModelPointer(current.champion(), null, current.previousChampion(), at);
            ModelStore.writePointer(store, next);
            return new Change(current, next, "challenger " + current.challenger() + " dropped; champion "
                    + current.champion() + " serves alone in " + store);
        });
    }

    /** The previous champion serves again; the current one becomes the previous (so a second rollback undoes it). */
    public static Change rollback(Path store, Instant at) throws IOException {
        requireStoreDirectory(store);
        return locked(store, () -> {
            ModelPointer current = requirePointer(store);
            if (current.previousChampion() == null) {
                throw new IllegalStateException("no previous champion to roll back to in " + store
                        + " (champion " + current.champion() + " is the only one it has had)");
            }
            String previous = current.previousChampion();
            requireServable(store, previous, "roll back to");
            ModelPointer next = current.rollback(at);
            ModelStore.writePointer(store, next);
            return new Change(current, next, "rolled back: " + previous + " is the champion again in " + store
                    + " (" + current.champion() + " is now the previous champion)");
        });
    }

    /**
     * Deletes the versions that the pointer does not name and that are not among the {@code keep} newest (by name,
     * which sorts by time). Directories without a manifest (a run still writing) are never touched.
     *
     * @param alsoKeep versions kept whatever their age (a run keeps the version it has just written)
     * @return the deleted versions, oldest first
     */
    public static List<String> prune(Path store, int keep, Set<String> alsoKeep) throws IOException {
        if (keep < 0) {
            throw new IllegalArgumentException("--keep cannot be negative, was " + keep);
        }
        requireStoreDirectory(store);
        return locked(store, () -> {
            List<String> versions = ModelStore.versions(store);
            Set<String> kept = new HashSet<>(alsoKeep);
            pointer(store).ifPresent(pointer -> kept.addAll(named(pointer)));
            kept.addAll(versions.subList(Math.max(0, versions.size() - keep), versions.size()));
            List<String> deleted = new ArrayList<>();
            for (String version : versions) {
                if (!kept.contains(version)) {
                    deleteVersion(store, version);
                    deleted.add(version);
                }
            }
            return deleted;
        });
    }

    /** Every version that holds a manifest, oldest first, with the roles the pointer gives it. */
    public static List<VersionSummary> list(Path store) throws IOException {
        requireStoreDirectory(store);
        Optional<ModelPointer> pointer = pointer(store);
        List<VersionSummary> summaries = new ArrayList<>();
        for (String version : ModelStore.versions(store)) {
            List<String> roles = pointer.map(p -> roles(p, version)).orElse(List.of());
            Path dir = store.resolve(ModelStore.VERSIONS_DIR).resolve(version);
            try {
                summaries.add(new VersionSummary(version, roles, ManifestFiles.read(dir), null));
            } catch (IOException | RuntimeException e) {
                summaries.add(new VersionSummary(version, roles, null, "manifest unreadable: " + e.getMessage()));
            }
        }
        return summaries;
    }

    /** Role name to version for every role the pointer fills, in the order champion, challenger, previous. */
    public static Map<String, String> roles(ModelPointer pointer) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("champion", pointer.champion());
        if (pointer.challenger() != null) {
            roles.put("challenger", pointer.challenger());
        }
        if (pointer.previousChampion() != null) {
            roles.put("previous", pointer.previousChampion());
        }
        return roles;
    }

    private static List<String> roles(ModelPointer pointer, String version) {
        return roles(pointer).entrySet().stream().filter(role -> role.getValue().equals(version))
                .map(Map.Entry::getKey).toList();
    }

    private static Set<String> named(ModelPointer pointer) {
        return new HashSet<>(roles(pointer).values());
    }

    private static Change promoteLocked(Path store, String version, Optional<ModelPointer> current, Instant at)
            throws IOException {
        if (current.isPresent() && current.get().champion().equals(version)) {
            return new Change(current.get(), current.get(), version + " is already the champion in " + store
                    + "; nothing changed");
        }
        requireServable(store, version, "promote");
        ModelPointer next = current.map(pointer -> pointer.promote(version, at))
                .orElseGet(() -> new ModelPointer(version, null, null, at));
        ModelStore.writePointer(store, next);
        String was = current.map(pointer -> "previous champion: " + pointer.champion()
                + (version.equals(pointer.challenger()) ? "; it was the challenger, now there is none" : ""))
                .orElse("the store's first champion");
        return new Change(current.orElse(null), next, version + " is now the champion in " + store + " (" + was + ")");
    }

    private static Change challengeLocked(Path store, String version, Optional<ModelPointer> current, Instant at)
            throws IOException {
        if (current.isEmpty()) {
            throw new IllegalStateException("no " + ModelStore.POINTER_FILE + " in " + store
                    + ", so there is no champion to challenge; promote a version first");
        }
        ModelPointer pointer = current.get();
        if (pointer.champion().equals(version)) {
            throw new IllegalArgumentException(version + " is the champion in " + store
                    + "; a challenger must differ from the champion");
        }
        if (version.equals(pointer.challenger())) {
            return new Change(pointer, pointer, version + " is already the challenger in " + store + "; nothing changed");
        }
        requireServable(store, version, "challenge with");
        ModelPointer next = pointer.withChallenger(version, at);
        ModelStore.writePointer(store, next);
        return new Change(pointer, next, version + " is now the challenger beside champion " + pointer.champion()
                + " in " + store + (pointer.challenger() == null ? "" : " (replacing challenger "
                + pointer.challenger() + ")"));
    }

    private static void requireServable(Path store, String version, String what) {
        whyNotServable(store, version).ifPresent(reason -> {
            throw new IllegalArgumentException("cannot " + what + " " + version + ": " + reason);
        });
    }

    private static ModelPointer requirePointer(Path store) throws IOException {
        return pointer(store).orElseThrow(() -> new IllegalStateException("no " + ModelStore.POINTER_FILE + " in "
                + store + ": the store has no champion yet; promote a version first"));
    }

    /** A directory that is (or can become) a store: it exists and is not a flat model set. */
    private static void requireStoreDirectory(Path store) {
        if (!Files.isDirectory(store)) {
            throw new IllegalArgumentException("no model store at " + store + " (not a directory); pass --store DIR");
        }
        if (Files.isRegularFile(store.resolve(ModelStore.MANIFEST_FILE)) && !ModelStore.isStore(store)) {
            throw new IllegalArgumentException(store + " holds a flat model set (" + ModelStore.MANIFEST_FILE
                    + " without " + ModelStore.POINTER_FILE + "), not a model store");
        }
    }

    @FunctionalInterface
    private interface StoreAction<T> {
        T run() throws IOException;
    }

    private static <T> T locked(Path store, StoreAction<T> action) throws IOException {
        Files.createDirectories(store);
        try (FileChannel channel = FileChannel.open(store.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return action.run();
        }
    }
}
