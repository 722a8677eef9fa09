package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose itself would read it: {@code ${VAR:-default}} interpolated from the given
 * environment (or the default), {@code $$} left as a literal {@code $}, merge keys resolved, then parsed.
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final String ESCAPED_DOLLAR = "\u0000";

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    static String text() {
        try {
            return Files.readString(Repo.existing(FILE, "the compose file"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FILE, e);
        }
    }

    static ComposeFile load(Map<String, String> environment) {
        return new ComposeFile(YamlTrees.parse(interpolate(text(), environment)));
    }

    /** Variables used without a default: a plain {@code docker compose up} would warn and use an empty string. */
    static Set<String> variablesWithoutDefault(String text) {
        Set<String> missing = new TreeSet<>();
        Matcher variable = VARIABLE.matcher(text.replace("$$", ESCAPED_DOLLAR));
        while (variable.find()) {
            if (variable.group(2) == null) {
                missing.add(variable.group(1));
            }
        }
        return missing;
    }

    static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher variable = VARIABLE.matcher(text.replace("$$", ESCAPED_DOLLAR));
        while (variable.find()) {
            names.add(variable.group(1));
        }
        return names;
    }

    /** A Compose env file (KEY=VALUE lines, # comments). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    fail(file + ": not a KEY=VALUE line: " + line);
                }
                values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return values;
    }

    private static String interpolate(String text, Map<String, String> environment) {
        Matcher variable = VARIABLE.matcher(text.replace("$$", ESCAPED_DOLLAR));
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String value = environment.getOrDefault(variable.group(1), variable.group(3) == null ? "" : variable.group(3));
            variable.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        variable.appendTail(result);
        return result.toString().replace(ESCAPED_DOLLAR, "$");
    }

    /** The whole interpolated file, as Compose validates it. */
    JsonNode root() {
        return root;
    }

    JsonNode services() {
        return root.path("services");
    }

    JsonNode service(String name) {
        JsonNode service = services().path(name);
        if (service.isMissingNode()) {
            fail(FILE + " has no service '" + name + "'; services: " + services().properties().stream()
                    .map(Map.Entry::getKey).toList());
        }
        return service;
    }

    Set<String> serviceNames() {
        Set<String> names = new TreeSet<>();
        services().fieldNames().forEachRemaining(names::add);
        return names;
    }

    Set<String> declaredVolumes() {
        Set<String> names = new TreeSet<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The service's environment as a map, whether written as a mapping or as a list of KEY=VALUE. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(entry -> {
                String[] parts = entry.asText().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else {
            node.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }
}
