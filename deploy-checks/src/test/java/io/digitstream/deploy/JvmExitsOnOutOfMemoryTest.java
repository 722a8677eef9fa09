package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JVM the deployment starts exits on OutOfMemoryError, so the platform (Docker's restart policy, Kubernetes, the
 * pipeline script) restarts it: a JVM that survives one has lost whichever thread hit it (a Kafka consumer, the
 * Streams client, a worker) and keeps running half-broken, still answering its probes. The images set the flag in
 * {@code JAVA_TOOL_OPTIONS}; an environment that sets that variable replaces the image's value, so it must keep it.
 */
class JvmExitsOnOutOfMemoryTest {

    private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";
    private static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    /** A shell line that starts a JVM: {@code java ...}, also behind the pipeline script's {@code run_step}. */
    private static final Pattern JAVA_LAUNCH = Pattern.compile("^(run_step\\s+)?java\\s.*");

    private final ComposeFile compose = ComposeFile.load(Map.of());

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @Test
    void everyImageSetsTheFlagInJavaToolOptions() {
        Map<String, Dockerfile> images = imagesBuiltByCompose();
        assertEquals(3, images.size(), "the inference service, trainer and simulator images: " + images.keySet());
        images.forEach((image, dockerfile) -> assertTrue(
                dockerfile.environment().getOrDefault(JAVA_TOOL_OPTIONS, "").contains(FLAG),
                dockerfile.file() + " (" + image + ") must set " + FLAG + " in ENV " + JAVA_TOOL_OPTIONS));
    }

    @Test
    void noComposeServiceTakesTheFlagAway() {
        Map<String, Dockerfile> images = imagesBuiltByCompose();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            Dockerfile dockerfile = images.get(repository(service.path("image").asText()));
            if (dockerfile != null) {
                assertTrue(effectiveJavaToolOptions(dockerfile, ComposeFile.environment(service)).contains(FLAG),
                        ComposeFile.FILE + " service " + name + " sets " + JAVA_TOOL_OPTIONS + " without " + FLAG);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noKubernetesContainerTakesTheFlagAway(String overlay) {
        Map<String, Dockerfile> images = imagesBuiltByCompose();
        int checked = 0;
        for (JsonNode document : Kustomize.render(overlay)) {
            JsonNode pod = document.path("spec").path("template").path("spec");
            for (JsonNode container : containers(pod)) {
                Dockerfile dockerfile = images.get(repository(container.path("image").asText()));
                if (dockerfile == null) {
                    continue;
                }
                Map<String, String> environment = new TreeMap<>();
                container.path("env").forEach(variable ->
                        environment.put(variable.path("name").asText(), variable.path("value").asText()));
                assertTrue(effectiveJavaToolOptions(dockerfile, environment).contains(FLAG), overlay + " "
                        + Kustomize.name(document) + "/" + container.path("name").asText() + " sets "
                        + JAVA_TOOL_OPTIONS + " without " + FLAG);
                checked++;
            }
        }
        assertTrue(checked >= 2, overlay + ": at least the inference service and the trainer are checked");
    }

    @Test
    void everyJvmTheScriptsStartHasTheFlag() throws IOException {
        List<String> launches = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(Repo.existing("scripts", "the scripts folder"))) {
            for (Path script : scripts.filter(path -> path.toString().endsWith(".sh")).sorted().toList()) {
                for (String line : logicalLines(script)) {
                    if (JAVA_LAUNCH.matcher(line).matches()) {
                        launches.add(script.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertFalse(launches.isEmpty(), "scripts/run-pipeline.sh starts the broker, trainer, service and simulator");
        assertEquals(List.of(), launches.stream().filter(line -> !line.contains(FLAG)).toList(),
                "JVMs started without " + FLAG);
    }

    /** The environment's JAVA_TOOL_OPTIONS when it sets one (it replaces the image's), else the image's. */
    private static String effectiveJavaToolOptions(Dockerfile image, Map<String, String> environment) {
        return environment.getOrDefault(JAVA_TOOL_OPTIONS, image.environment().getOrDefault(JAVA_TOOL_OPTIONS, ""));
    }

    private Map<String, Dockerfile> imagesBuiltByCompose() {
        Map<String, Dockerfile> images = new TreeMap<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            JsonNode build = service.path("build");
            if (!build.isMissingNode()) {
                images.put(repository(service.path("image").asText()), Dockerfile.parse(
                        Repo.path(build.path("context").asText(".")).resolve(build.path("dockerfile").asText())));
            }
        }
        return images;
    }

    private static String repository(String image) {
        return image.split(":")[0];
    }

    private static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("initContainers").forEach(containers::add);
        podSpec.path("containers").forEach(containers::add);
        return containers;
    }

    /** The script's lines with backslash continuations joined and leading blanks removed. */
    private static List<String> logicalLines(Path script) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            String trimmed = line.strip();
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            lines.add(pending.append(trimmed).toString());
            pending.setLength(0);
        }
        return lines;
    }
}
