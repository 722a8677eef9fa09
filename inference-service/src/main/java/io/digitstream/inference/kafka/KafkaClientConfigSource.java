package io.digitstream.inference.kafka;

import io.digitstream.schemas.KafkaClientSettings;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a standard Kafka client properties file (security.protocol, sasl.*, ssl.*: the file the simulator and Kafka's
 * own tools take; {@link KafkaClientSettings}) named by {@value #LOCATION} (env
 * {@code DIGITSTREAM_KAFKA_CLIENT_CONFIG}) and hands every entry to every Kafka client of the service: the messaging channels ({@code kafka.<key>}) and the Kafka Streams application
 * ({@code kafka-streams.<key>}). So a secured cluster is one mounted file, no password on a command line or in
 * application.properties. Between application.properties and the environment in precedence.
 */
public final class KafkaClientConfigSource implements ConfigSourceFactory {
    public static final String LOCATION = "digitstream.kafka.client-config";
    static final int ORDINAL = 275;
    private static final List<String> PREFIXES = List.of("kafka.", "kafka-streams.");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue location = context.getValue(LOCATION);
        if (location == null || location.getValue() == null || location.getValue().isBlank()) {
            return List.of();
        }
        Path file = Path.of(location.getValue().trim());
        return List.of(new PropertiesConfigSource(prefixed(KafkaClientSettings.read(file)),
                "Kafka client settings " + file, ORDINAL));
    }

    static Map<String, String> prefixed(Map<String, String> settings) {
        Map<String, String> values = new LinkedHashMap<>();
        // Kafka's own config provider references (${dir:/etc/kafka-user:password}) are escaped, so MicroProfile Config
        // hands them to Kafka as written instead of reading them as its own expressions.
        settings.forEach((key, value) -> PREFIXES.forEach(
                prefix -> values.put(prefix + key, value.replace("${", "\\${"))));
        return values;
    }
}
