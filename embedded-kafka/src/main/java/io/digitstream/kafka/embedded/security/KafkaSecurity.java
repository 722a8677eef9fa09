package io.digitstream.kafka.embedded.security;

import java.util.Locale;

/**
 * How the embedded broker's client listener authenticates and encrypts: plaintext (the local default), TLS with SCRAM
 * passwords (SASL_SSL, SCRAM-SHA-512), or mutual TLS where a client's certificate names its principal.
 */
public enum KafkaSecurity {
    PLAINTEXT("PLAINTEXT"),
    SASL_SSL("SASL_SSL"),
    MTLS("SSL");

    private final String protocol;

    KafkaSecurity(String protocol) {
        this.protocol = protocol;
    }

    /** The value of Kafka's {@code security.protocol} for this mode. */
    public String protocol() {
        return protocol;
    }

    public boolean secured() {
        return this != PLAINTEXT;
    }

    /** Accepts {@code plaintext}, {@code sasl-ssl} and {@code mtls}, in any case, with - or _. */
    public static KafkaSecurity parse(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (KafkaSecurity mode : values()) {
            if (mode.name().equals(normal)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown Kafka security mode '" + text
                + "'; expected plaintext, sasl-ssl or mtls");
    }
}
