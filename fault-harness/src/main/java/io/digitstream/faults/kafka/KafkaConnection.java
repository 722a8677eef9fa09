package io.digitstream.faults.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the broker is and how to connect to it: the bootstrap address and, for a secured broker, the settings of a
 * client properties file (security.protocol, sasl.*, ssl.*). Every Kafka client of the harness is built from one.
 *
 * @param settings the client settings; empty for plaintext
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> settings) {

    public KafkaConnection {
        settings = Map.copyOf(settings);
    }

    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** A client's configuration: the connection settings, then {@code own} (the client's own choices), then the address. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(settings);
        config.putAll(own);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }
}
