package io.digitstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The on-disk layout of a model store, shared by the trainer (which writes it) and the service (which serves from it):
 *
 * <pre>
 * &lt;store&gt;/active.json                  which versions serve ({@link ModelPointer})
 * &lt;store&gt;/versions/&lt;version&gt;/manifest.json and its ONNX files, never changed once written
 * </pre>
 *
 * A directory with a {@code manifest.json} and no {@code active.json} is a single model set (the layout before
 * stores existed, still used for test fixtures); it serves as the champion.
 */
public final class ModelStore {

    public static final String POINTER_FILE = "active.json";
    public static final String VERSIONS_DIR = "versions";
    public static final String MANIFEST_FILE = "manifest.json";

    private ModelStore() {
    }

    public static boolean isStore(Path dir) {
        return Files.isRegularFile(dir.resolve(POINTER_FILE));
    }

    /** @throws IllegalArgumentException when {@code version} could name anything but a direct child of versions/ */
    public static Path versionDir(Path store, String version) {
        Require.modelSetVersion(version, "version");
        return store.resolve(VERSIONS_DIR).resolve(version);
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the file and every violation when it is not a valid pointer
     */
    public static ModelPointer readPointer(Path store) throws IOException {
        Path file = store.resolve(POINTER_FILE);
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        List<String> violations = EventSchemas.shared().pointerViolations(json);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " violates its schema: " + String.join("; ", violations));
        }
        return EventJson.mapper().treeToValue(json, ModelPointer.class);
    }

    /** Writes through a temporary file and an atomic rename: a reader sees the old pointer or the new one. */
    public static void writePointer(Path store, ModelPointer pointer) throws IOException {
        Files.createDirectories(store);
        Path temporary = store.resolve(POINTER_FILE + ".tmp");
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), pointer);
        Files.move(temporary, store.resolve(POINTER_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The versions in the store that hold a manifest, sorted by name (run ids sort by time). */
    public static List<String> versions(Path store) throws IOException {
        Path versions = store.resolve(VERSIONS_DIR);
        if (!Files.isDirectory(versions)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(versions)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(MANIFEST_FILE)))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        }
    }
}
