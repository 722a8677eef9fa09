package io.digitstream.inference.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The HTTP users, read from a properties file (a mounted Secret): one line per user, {@code name = role:hash}, where
 * role is {@code viewer}, {@code predictor}, {@code reviewer} or {@code operator} and hash is either
 * {@code sha256:<hex>} (for generated secrets such as {@code openssl rand -hex 32}: a fast hash protects only
 * high-entropy secrets) or {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>} (for passwords people
 * choose). No secret is stored, only its hash; comparisons take constant time.
 */
public final class HttpCredentials {
    public static final Set<String> ROLES = Set.of("viewer", "predictor", "reviewer", "operator");
    private static final int MIN_PBKDF2_ITERATIONS = 100_000;

    private final Map<String, Entry> users;

    private HttpCredentials(Map<String, Entry> users) {
        this.users = Map.copyOf(users);
    }

    record Entry(String role, String scheme, byte[] hash, byte[] salt, int iterations) {
    }

    /**
     * Reads the file; a line that does not parse stops the start with its user name and what is wrong, never the
     * hash itself.
     */
    public static HttpCredentials load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("digitstream.http.auth.credentials-file names " + file.toAbsolutePath()
                    + ", which does not exist or is not readable");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the HTTP credentials file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        Map<String, Entry> users = new LinkedHashMap<>();
        for (String user : properties.stringPropertyNames()) {
            users.put(user, parse(user, properties.getProperty(user).trim()));
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("the HTTP credentials file " + file + " names no user");
        }
        return new HttpCredentials(users);
    }

    /** The user's role when {@code secret} is the user's; empty for an unknown user or a wrong secret. */
    public Optional<String> roleOf(String user, String secret) {
        Entry entry = users.get(user);
        if (entry == null) {
            // The same work as for a known user, so the answer time does not tell which users exist.
            sha256(secret);
            return Optional.empty();
        }
        byte[] actual = entry.scheme().equals("sha256") ? sha256(secret)
                : pbkdf2(secret, entry.salt(), entry.iterations(), entry.hash().length);
        return MessageDigest.isEqual(actual, entry.hash()) ? Optional.of(entry.role()) : Optional.empty();
    }

    /** The user and role whose {@code sha256} secret is {@code token} (a bearer token carries no user name). */
    public Optional<Map.Entry<String, String>> tokenOwner(String token) {
        byte[] actual = sha256(token);
        Map.Entry<String, String> owner = null;
        for (Map.Entry<String, Entry> user : users.entrySet()) {
            if (user.getValue().scheme().equals("sha256") && MessageDigest.isEqual(actual, user.getValue().hash())) {
                owner = Map.entry(user.getKey(), user.getValue().role());
            }
        }
        return Optional.ofNullable(owner);
    }

    private static Entry parse(String user, String value) {
        String[] parts = value.split(":");
        String problem = null;
        if (parts.length < 3 || !ROLES.contains(parts[0])) {
            problem = "expected role:sha256:<hex> or role:pbkdf2-sha256:<iterations>:<salt>:<hash>, role one of "
                    + ROLES;
        } else if (parts[1].equals("sha256") && parts.length == 3) {
            try {
                byte[] hash = HexFormat.of().parseHex(parts[2].toLowerCase(Locale.ROOT));
                if (hash.length == 32) {
                    return new Entry(parts[0], "sha256", hash, null, 0);
                }
                problem = "a sha256 hash has 64 hex digits";
            } catch (IllegalArgumentException e) {
                problem = "a sha256 hash has 64 hex digits";
            }
        } else if (parts[1].equals("pbkdf2-sha256") && parts.length == 5) {
            try {
                int iterations = Integer.parseInt(parts[2]);
                byte[] salt = Base64.getDecoder().decode(parts[3]);
                byte[] hash = Base64.getDecoder().decode(parts[4]);
                if (iterations < MIN_PBKDF2_ITERATIONS) {
                    problem = "pbkdf2-sha256 needs at least " + MIN_PBKDF2_ITERATIONS + " iterations";
                } else if (salt.length < 16 || hash.length < 32) {
                    problem = "pbkdf2-sha256 needs a salt of 16 bytes and a hash of 32 or more";
                } else {
                    return new Entry(parts[0], "pbkdf2-sha256", hash, salt, iterations);
                }
            } catch (IllegalArgumentException e) {
                problem = "pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>";
            }
        } else {
            problem = "unknown hash scheme; expected sha256 or pbkdf2-sha256";
        }
        throw new IllegalStateException("HTTP user '" + user + "': " + problem);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    static byte[] pbkdf2(String secret, byte[] salt, int iterations, int length) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, length * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no PBKDF2WithHmacSHA256 in this JVM", e);
        }
    }

    static {
        // Fail at class load, not at the first request, on a JVM without these algorithms.
        sha256("");
    }
}
