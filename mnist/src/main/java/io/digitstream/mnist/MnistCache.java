package io.digitstream.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * A directory of verified, uncompressed MNIST files. Bytes only ever enter it through {@link #store}, which writes
 * them to a temporary file while hashing and moves that file into place only when the SHA-256 matches, so a
 * truncated or tampered download can never appear under the real name (and concurrent writers cannot clash).
 */
final class MnistCache {
    private final Path dir;

    MnistCache(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The cached file if present; a cached file with the wrong hash is an error, never silently used. */
    Optional<Path> find(MnistFile file) throws IOException {
        Path cached = dir.resolve(file.fileName());
        if (!Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        String actual;
        try (InputStream in = Files.newInputStream(cached)) {
            actual = sha256(in);
        }
        if (!actual.equals(file.sha256())) {
            throw new MnistChecksumException(file, cached + " (cache; delete it to fetch it again)",
                    file.sha256(), actual);
        }
        return Optional.of(cached);
    }

    /**
     * Copies the uncompressed bytes of {@code file} into the cache, verifying them on the way.
     * The stream is read to its end but not closed; the caller owns it.
     *
     * @param source where the bytes come from, for error messages
     */
    Path store(MnistFile file, InputStream uncompressed, String source) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(file.fileName());
        Path partial = Files.createTempFile(dir, file.fileName() + ".", ".partial");
        try {
            MessageDigest digest = newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                uncompressed.transferTo(out);
            } catch (EOFException | ZipException e) {
                throw new MnistFormatException(file.fileName() + " from " + source + " is truncated or corrupt ("
                        + e.getMessage() + "); the file was not used", e);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(file.sha256())) {
                throw new MnistChecksumException(file, source, file.sha256(), actual);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
