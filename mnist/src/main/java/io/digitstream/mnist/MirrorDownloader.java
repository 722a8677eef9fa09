package io.digitstream.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads {@code <base>/<file>.gz} from caller-supplied mirror base URLs, trying each in turn. Only used when the
 * caller explicitly allowed mirrors: our processes never open a non-loopback connection on their own.
 */
final class MirrorDownloader {
    private final List<URI> baseUrls;
    private final Duration timeout;
    private final Consumer<String> progress;
    private final HttpClient client;

    MirrorDownloader(List<URI> baseUrls, Duration timeout, Consumer<String> progress) {
        this.baseUrls = List.copyOf(baseUrls);
        this.timeout = timeout;
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Downloads one file into the cache from the first mirror that serves bytes with the right SHA-256. */
    Path download(MnistFile file, MnistCache cache) throws IOException {
        List<String> failures = new ArrayList<>();
        List<IOException> causes = new ArrayList<>();
        for (URI base : baseUrls) {
            URI url = fileUrl(base, file);
            progress.accept("MNIST " + file.fileName() + ": downloading " + url);
            try {
                Path stored = downloadFrom(url, file, cache);
                progress.accept("MNIST " + file.fileName() + ": verified from " + url + ", stored in " + cache.dir());
                return stored;
            } catch (IOException e) {
                failures.add(url + ": " + e.getMessage());
                causes.add(e);
            }
        }
        MnistUnavailableException unavailable = new MnistUnavailableException("no mirror supplied a valid "
                + file.fileName() + ":\n  " + String.join("\n  ", failures));
        causes.forEach(unavailable::addSuppressed);
        throw unavailable;
    }

    private Path downloadFrom(URI url, MnistFile file, MnistCache cache) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            try (InputStream uncompressed = new GZIPInputStream(body)) {
                return cache.store(file, uncompressed, url.toString());
            }
        }
    }

    static URI fileUrl(URI base, MnistFile file) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + file.gzipFileName() : text + "/" + file.gzipFileName());
    }
}
