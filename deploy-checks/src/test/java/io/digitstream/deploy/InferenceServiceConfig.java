package io.digitstream.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys the inference service really has: those in its application.properties, plus keys only
 * referenced there as {@code ${key:default}}. Deployment files may set only these (by name or as environment
 * variables), so a renamed key breaks the build instead of being silently ignored at run time.
 */
final class InferenceServiceConfig {

    static final String PROPERTIES = "inference-service/src/main/resources/application.properties";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::[^}]*)?}");
    private static final Pattern PROFILE_PREFIX = Pattern.compile("^%[^.]+\\.");

    private final Properties properties;
    private final Set<String> keys;

    private InferenceServiceConfig(Properties properties, Set<String> keys) {
        this.properties = properties;
        this.keys = keys;
    }

    static InferenceServiceConfig load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Repo.existing(PROPERTIES, "the inference service's config"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PROPERTIES, e);
        }
        Set<String> keys = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            keys.add(PROFILE_PREFIX.matcher(name).replaceFirst(""));
            Matcher reference = REFERENCE.matcher(properties.getProperty(name));
            while (reference.find()) {
                keys.add(reference.group(1));
            }
        }
        return new InferenceServiceConfig(properties, keys);
    }

    Set<String> keys() {
        return keys;
    }

    boolean hasKey(String key) {
        return keys.contains(key);
    }

    /** True when the environment variable name is how MicroProfile Config spells one of the keys. */
    boolean hasKeyForEnvironmentVariable(String name) {
        return keys.stream().anyMatch(key -> environmentName(key).equals(name));
    }

    String value(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set in " + PROPERTIES);
        }
        return value;
    }

    /** The value with {@code ${key}} and {@code ${key:default}} references to other keys resolved. */
    String resolved(String key) {
        Matcher reference = REFERENCE.matcher(value(key));
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String referenced = properties.getProperty(reference.group(1));
            String fallback = reference.group().contains(":") ? reference.group().replaceFirst("^\\$\\{[^:]+:", "")
                    .replaceFirst("}$", "") : null;
            String replacement = referenced != null ? resolved(reference.group(1)) : fallback;
            if (replacement == null) {
                throw new IllegalArgumentException(key + " refers to " + reference.group(1) + ", which is not set");
            }
            reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(resolved);
        return resolved.toString();
    }

    /** MicroProfile Config's rule: upper case, every non-alphanumeric character becomes '_'. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
