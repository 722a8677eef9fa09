package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Renders kustomizations with the real {@code kubectl kustomize} and parses every document of the output. */
final class Kustomize {

    static final String OVERLAYS = "k8s/overlays";
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static List<String> overlays() {
        try (Stream<Path> directories = Files.list(Repo.existing(OVERLAYS, "the Kubernetes overlays"))) {
            return directories.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> OVERLAYS + "/" + d.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + OVERLAYS, e);
        }
    }

    static List<JsonNode> render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, Kustomize::renderNow);
    }

    private static List<JsonNode> renderNow(String kustomization) {
        Processes.Result rendered = Processes.run(List.of(kubectl(), "kustomize", kustomization), Repo.root(), 120);
        assertEquals(0, rendered.exitCode(), () -> "kubectl kustomize " + kustomization + " failed:\n" + rendered.output());
        return YamlTrees.parseAll(rendered.output());
    }

    /** kubectl (with its built-in kustomize); a missing kubectl is a failure with a clear message, never a skip. */
    static String kubectl() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/kubectl"), Path.of("/usr/local/bin/kubectl")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(":")) {
                candidates.add(Path.of(directory, "kubectl"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElseGet(() -> fail(
                "kubectl is not installed: the k8s/ checks render every overlay with `kubectl kustomize`. Install "
                        + "kubectl (it includes kustomize) and run the build again."));
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode named(List<JsonNode> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    /** The literal value of a container's environment variable, or null when it has none. */
    static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        return null;
    }
}
