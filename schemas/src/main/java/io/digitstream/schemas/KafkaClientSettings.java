package io.digitstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The one way every digit-stream process learns how to connect to a secured Kafka: a standard Kafka client
 * properties file (security.protocol, sasl.*, ssl.*, as Kafka's own tools take with --command-config) named by the
 * environment variable {@value #ENVIRONMENT_VARIABLE}. The file, mounted from a secret, holds the passwords, so none
 * is ever on a command line; the bootstrap address stays in KAFKA_BOOTSTRAP_SERVERS.
 */
public final class KafkaClientSettings {
    public static final String ENVIRONMENT_VARIABLE = "DIGITSTREAM_KAFKA_CLIENT_CONFIG";

    private KafkaClientSettings() {
    }

    /**
     * Reads the file's settings.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable, or sets {@code bootstrap.servers}
     */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("the Kafka client settings file " + file.toAbsolutePath()
                    + " does not exist or is not readable (" + ENVIRONMENT_VARIABLE + ")");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // Names the file, never its contents: they are secrets.
            throw new IllegalArgumentException("cannot read the Kafka client settings file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (properties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException(file + " sets bootstrap.servers; give the address as "
                    + "KAFKA_BOOTSTRAP_SERVERS (or --bootstrap-servers) instead, so that it has one place");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }

    /** The settings of the file {@value #ENVIRONMENT_VARIABLE} names, or none when it is unset or blank. */
    public static Map<String, String> fromEnvironment() {
        String location = System.getenv(ENVIRONMENT_VARIABLE);
        return location == null || location.isBlank() ? Map.of() : read(Path.of(location.trim()));
    }
}
