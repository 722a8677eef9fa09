package io.digitstream.mnist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resolution failures, all offline: files with the wrong hash or broken compression are refused and never cached. */
class MnistResolverTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path cacheDir;

    private final List<String> progress = new ArrayList<>();

    @Test
    void refusesATamperedFileInTheDataDir() throws IOException {
        Files.write(dataDir.resolve(MnistFile.TRAIN_LABELS.fileName()), IdxFiles.labels(5, 0, 4));

        MnistChecksumException error = assertThrows(MnistChecksumException.class, () -> offline().resolve());

        assertEquals(MnistFile.TRAIN_LABELS, error.file());
        assertEquals(MnistFile.TRAIN_LABELS.sha256(), error.expectedSha256());
        assertEquals(sha256(IdxFiles.labels(5, 0, 4)), error.actualSha256());
        assertTrue(error.getMessage().contains("train-labels-idx1-ubyte"), error.getMessage());
        assertTrue(error.getMessage().contains(MnistFile.TRAIN_LABELS.sha256()), error.getMessage());
        assertTrue(error.getMessage().contains(error.actualSha256()), error.getMessage());
        assertCacheEmpty();
    }

    @Test
    void refusesATruncatedGzipFileInTheDataDir() throws IOException {
        byte[] gzip = IdxReaderTest.gzip(IdxFiles.images(4, 28, 28));
        Path cut = Files.write(dataDir.resolve(MnistFile.TEST_IMAGES.gzipFileName()),
                Arrays.copyOf(gzip, gzip.length - 20));

        MnistFormatException error = assertThrows(MnistFormatException.class, () -> offline().resolve());

        assertTrue(error.getMessage().contains(cut.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertCacheEmpty();
    }

    @Test
    void refusesATamperedCachedFile() throws IOException {
        Path cached = Files.write(cacheDir.resolve(MnistFile.TEST_LABELS.fileName()), IdxFiles.labels(1, 2));

        MnistChecksumException error = assertThrows(MnistChecksumException.class, () -> offline().resolve());

        assertEquals(MnistFile.TEST_LABELS, error.file());
        assertTrue(error.getMessage().contains(cached + " (cache; delete it to fetch it again)"), error.getMessage());
    }

    @Test
    void explainsWhatWasTriedWhenNothingIsFound() {
        MnistUnavailableException error = assertThrows(MnistUnavailableException.class, () -> offline().resolve());

        String message = error.getMessage();
        assertTrue(message.startsWith("MNIST files not found: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"), message);
        assertTrue(message.contains("npm (disabled)"), message);
        assertTrue(message.contains("mirrors (not enabled)"), message);
    }

    @Test
    void reportsAMissingDataDirAndLooksElsewhere() {
        Path typo = dataDir.resolve("no-such-dir");
        MnistResolver resolver = MnistResolver.builder().dataDir(typo).cacheDir(cacheDir).useNpm(false)
                .progress(progress::add).build();

        MnistUnavailableException error = assertThrows(MnistUnavailableException.class, resolver::resolve);

        assertEquals(List.of("MNIST: data dir " + typo + " does not exist, looking elsewhere"), progress);
        assertTrue(error.getMessage().contains("Looked in: data dir " + typo + ", cache " + cacheDir),
                error.getMessage());
    }

    @Test
    void saysClearlyWhenNpmCannotBeRun() {
        MnistResolver resolver = MnistResolver.builder()
                .cacheDir(cacheDir)
                .npmCommand(dataDir.resolve("no-such-npm").toString())
                .build();

        MnistUnavailableException error = assertThrows(MnistUnavailableException.class, resolver::resolve);

        assertTrue(error.getMessage().contains("cannot run `" + dataDir.resolve("no-such-npm")
                + "` (is Node.js/npm installed and on the PATH?)"), error.getMessage());
    }

    @Test
    void refusesMirrorBytesWithTheWrongHash() throws IOException {
        byte[] wrongGzip = IdxReaderTest.gzip(IdxFiles.labels(3, 3, 3));
        AtomicInteger requests = new AtomicInteger();
        HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, wrongGzip.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(wrongGzip);
            }
        });
        mirror.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/mnist/");
            MnistResolver resolver = MnistResolver.builder()
                    .cacheDir(cacheDir)
                    .useNpm(false)
                    .allowMirrors(List.of(base))
                    .progress(progress::add)
                    .build();

            MnistUnavailableException error = assertThrows(MnistUnavailableException.class, resolver::resolve);

            assertTrue(error.getMessage().startsWith("no mirror supplied a valid train-images-idx3-ubyte"),
                    error.getMessage());
            assertTrue(error.getMessage().contains(base + "train-images-idx3-ubyte.gz: train-images-idx3-ubyte from "),
                    error.getMessage());
            assertTrue(error.getMessage().contains(MnistFile.TRAIN_IMAGES.sha256()), error.getMessage());
            assertEquals(1, requests.get());
            assertEquals(List.of("MNIST train-images-idx3-ubyte: downloading " + base + "train-images-idx3-ubyte.gz"),
                    progress);
            assertCacheEmpty();
        } finally {
            mirror.stop(0);
        }
    }

    private MnistResolver offline() {
        return MnistResolver.builder()
                .dataDir(dataDir)
                .cacheDir(cacheDir)
                .useNpm(false)
                .progress(progress::add)
                .build();
    }

    private void assertCacheEmpty() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertFalse(files.findAny().isPresent(), "nothing may be cached from a refused file");
        }
    }

    private static String sha256(byte[] bytes) throws IOException {
        return MnistCache.sha256(new ByteArrayInputStream(bytes));
    }
}
