package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; the build sets {@code digitstream.root} to the repository root for every test JVM. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("digitstream.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property digitstream.root (the repository root) is not set; run "
                    + "the tests through Maven, which sets it");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative).normalize();
    }

    /** A file the checks need; fails with the path and a hint when it is missing. */
    static Path existing(String relative, String hint) {
        Path path = path(relative);
        assertTrue(Files.exists(path), () -> relative + " is missing (" + path + "): " + hint);
        return path;
    }
}
