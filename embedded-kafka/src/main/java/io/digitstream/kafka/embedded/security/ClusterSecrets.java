package io.digitstream.kafka.embedded.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The secured broker's key material and passwords, kept in one directory readable by its owner only: a CA trust
 * store, a key store for the broker and for every client principal, the SCRAM passwords, and for each client a
 * ready Kafka client properties file ({@code <principal>.properties}) that the service, the simulator and Kafka's own
 * command-line tools read. Made on first start and reused afterwards, since a restarted broker keeps the SCRAM
 * credentials it was formatted with.
 */
public final class ClusterSecrets {
    static final String SECRETS_FILE = "secrets.properties";
    static final String TRUST_STORE = "ca.p12";
    private static final String STORE_PASSWORD = "store.password";
    private static final String SCRAM_PASSWORD = "scram.password.";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path dir;
    private final Map<String, String> passwords;
    private final String storePassword;

    private ClusterSecrets(Path dir, String storePassword, Map<String, String> passwords) {
        this.dir = dir;
        this.storePassword = storePassword;
        this.passwords = Map.copyOf(passwords);
    }

    /** Loads the secrets in {@code dir}, or makes new ones there when it holds none. */
    public static ClusterSecrets loadOrCreate(Path dir) {
        Path file = dir.resolve(SECRETS_FILE);
        return Files.exists(file) ? load(dir, file) : create(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The client properties file of {@code principal} for {@code mode}; see {@link #writeClientFiles}. */
    public Path clientFile(String principal) {
        return dir.resolve(principal + ".properties");
    }

    /** SCRAM arguments for the storage formatter: every user with its password. */
    public List<String> scramArguments() {
        return passwords.entrySet().stream()
                .map(user -> SCRAM_MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]")
                .toList();
    }

    /**
     * The settings of a client {@code principal} in {@code mode}: {@code security.protocol}, the trust store, and the
     * SCRAM login or the principal's own key store.
     */
    public Map<String, String> clientProperties(String principal, KafkaSecurity mode) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", mode.protocol());
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", dir.resolve(TRUST_STORE).toString());
        properties.put("ssl.truststore.password", storePassword);
        if (mode == KafkaSecurity.SASL_SSL) {
            properties.put("sasl.mechanism", SCRAM_MECHANISM);
            properties.put("sasl.jaas.config", jaas(principal));
        } else {
            properties.putAll(keyStore(principal));
        }
        return properties;
    }

    /**
     * Broker settings for a client listener named {@code clientListener} in {@code mode} and a controller listener
     * named {@code controllerListener} that always takes mutual TLS, with ACLs on and the broker and admin as super
     * users.
     */
    public Map<String, String> brokerProperties(KafkaSecurity mode, String clientListener, String controllerListener) {
        String client = clientListener.toLowerCase(Locale.ROOT);
        String controller = controllerListener.toLowerCase(Locale.ROOT);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listener.security.protocol.map", clientListener + ":" + mode.protocol() + ","
                + controllerListener + ":SSL");
        properties.putAll(keyStore(KafkaPrincipals.BROKER));
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", dir.resolve(TRUST_STORE).toString());
        properties.put("ssl.truststore.password", storePassword);
        // A certificate's CN is the principal: CN=inference-service is User:inference-service.
        properties.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        properties.put("listener.name." + controller + ".ssl.client.auth", "required");
        if (mode == KafkaSecurity.SASL_SSL) {
            properties.put("listener.name." + client + ".sasl.enabled.mechanisms", SCRAM_MECHANISM);
            properties.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            properties.put("listener.name." + client + "." + SCRAM_MECHANISM.toLowerCase(Locale.ROOT)
                    + ".sasl.jaas.config", jaas(KafkaPrincipals.BROKER));
        } else {
            properties.put("listener.name." + client + ".ssl.client.auth", "required");
        }
        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        properties.put("super.users", String.join(";",
                KafkaPrincipals.SUPER_USERS.stream().map(user -> "User:" + user).toList()));
        return properties;
    }

    /** Writes {@code <principal>.properties} for every client principal, for {@code mode}, readable by the owner. */
    public void writeClientFiles(KafkaSecurity mode) {
        for (String principal : KafkaPrincipals.CLIENTS) {
            Properties properties = new Properties();
            properties.putAll(clientProperties(principal, mode));
            Path file = clientFile(principal);
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "Kafka client settings of " + principal + " for the embedded broker ("
                        + mode.protocol() + "); give this file to the client, never its contents on a command line");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            SecretFiles.ownerOnly(file);
        }
    }

    private Map<String, String> keyStore(String principal) {
        return Map.of(
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", dir.resolve(principal + ".p12").toString(),
                "ssl.keystore.password", storePassword,
                "ssl.key.password", storePassword);
    }

    private String jaas(String principal) {
        return SCRAM_LOGIN + " required username=\"" + principal + "\" password=\"" + passwords.get(principal) + "\";";
    }

    private static ClusterSecrets create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secrets directory " + dir, e);
        }
        SecretFiles.ownerOnly(dir);
        String storePassword = randomSecret();
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(KafkaPrincipals.BROKER, randomSecret());
        KafkaPrincipals.CLIENTS.forEach(principal -> passwords.put(principal, randomSecret()));

        CertificateAuthority authority = CertificateAuthority.create("digit-stream embedded CA");
        authority.writeTrustStore(dir.resolve(TRUST_STORE), storePassword.toCharArray());
        for (String principal : passwords.keySet()) {
            authority.issue(principal).writeKeyStore(dir.resolve(principal + ".p12"), principal,
                    storePassword.toCharArray());
        }
        Properties secrets = new Properties();
        secrets.setProperty(STORE_PASSWORD, storePassword);
        passwords.forEach((principal, password) -> secrets.setProperty(SCRAM_PASSWORD + principal, password));
        Path file = dir.resolve(SECRETS_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            secrets.store(out, "passwords of the embedded broker's key stores and SCRAM users");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        SecretFiles.ownerOnly(file);
        return new ClusterSecrets(dir, storePassword, passwords);
    }

    private static ClusterSecrets load(Path dir, Path file) {
        Properties secrets = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            secrets.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String principal : secrets.stringPropertyNames()) {
            if (principal.startsWith(SCRAM_PASSWORD)) {
                passwords.put(principal.substring(SCRAM_PASSWORD.length()), secrets.getProperty(principal));
            }
        }
        String storePassword = secrets.getProperty(STORE_PASSWORD);
        if (storePassword == null || !passwords.keySet().containsAll(KafkaPrincipals.CLIENTS)
                || !passwords.containsKey(KafkaPrincipals.BROKER)) {
            throw new IllegalStateException(file + " is incomplete; delete " + dir + " (and the broker's data dir, "
                    + "whose SCRAM users were made with it) to start afresh");
        }
        return new ClusterSecrets(dir, storePassword, passwords);
    }

    /** 128 random bits as hex: nothing the SCRAM argument or JAAS syntax would need to escape. */
    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
