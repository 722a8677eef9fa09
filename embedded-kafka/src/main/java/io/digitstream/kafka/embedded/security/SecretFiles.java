package io.digitstream.kafka.embedded.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files holding keys or passwords are readable by their owner only, where the file system knows owners. */
final class SecretFiles {
    private SecretFiles() {
    }

    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                    Files.isDirectory(file) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
        }
    }
}
