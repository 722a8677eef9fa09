package io.digitstream.inference.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCredentialsTest {

    /** A credentials line for {@code secret}, as the docs tell operators to make it. */
    static String sha256Line(String user, String role, String secret) {
        return user + "=" + role + ":sha256:" + HexFormat.of().formatHex(HttpCredentials.sha256(secret)) + "\n";
    }

    static String pbkdf2Line(String user, String role, String password) {
        byte[] salt = "sixteen byte salt".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] hash = HttpCredentials.pbkdf2(password, salt, 100_000, 32);
        return user + "=" + role + ":pbkdf2-sha256:100000:" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash) + "\n";
    }

    @Test
    void bothHashSchemesCheckTheSecretAndNameTheRole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, sha256Line("scanner", "predictor", "token-1") + pbkdf2Line("ana", "viewer", "pw ü"));
        HttpCredentials credentials = HttpCredentials.load(file);
        assertEquals(Optional.of("predictor"), credentials.roleOf("scanner", "token-1"));
        assertEquals(Optional.of("viewer"), credentials.roleOf("ana", "pw ü"));
        assertEquals(Optional.empty(), credentials.roleOf("ana", "pw u"));
        assertEquals(Optional.empty(), credentials.roleOf("scanner", "token-2"));
        assertEquals(Optional.empty(), credentials.roleOf("nobody", "token-1"));
        assertEquals(Optional.of(Map.entry("scanner", "predictor")), credentials.tokenOwner("token-1"));
        assertEquals(Optional.empty(), credentials.tokenOwner("pw ü"), "a password is no bearer token");
        assertEquals(Optional.empty(), credentials.tokenOwner(""));
    }

    @Test
    void authenticationOnWithoutACredentialsFileStopsTheStart(@TempDir Path dir) {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new HttpCredentialsMechanism(true, Optional.empty()));
        assertTrue(error.getMessage().contains("DIGITSTREAM_HTTP_AUTH_CREDENTIALS_FILE"), error.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new HttpCredentialsMechanism(true, Optional.of(dir.resolve("missing").toString())));
        new HttpCredentialsMechanism(false, Optional.empty());
        // Made at start (not lazily at the first request), so these errors stop the start.
        assertTrue(HttpCredentialsMechanism.class.isAnnotationPresent(io.quarkus.runtime.Startup.class));
    }

    @Test
    void aBadLineStopsTheStartNamingTheUserButNotTheHash(@TempDir Path dir) throws Exception {
        String hash = "ab".repeat(31);
        for (String line : new String[] {"x=viewer:sha256:" + hash, "x=admin:sha256:" + "ab".repeat(32),
                "x=viewer:md5:" + hash, "x=viewer:pbkdf2-sha256:1000:c2FsdHNhbHRzYWx0c2FsdA==:" + hash,
                "x=viewer", "x=viewer:sha256:zz" + hash}) {
            Path file = dir.resolve("bad.properties");
            Files.writeString(file, line + "\n");
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> HttpCredentials.load(file),
                    line);
            assertTrue(error.getMessage().contains("'x'"), error.getMessage());
            assertFalse(error.getMessage().contains(hash), error.getMessage());
        }
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "# nobody\n");
        assertThrows(IllegalStateException.class, () -> HttpCredentials.load(empty));
        assertThrows(IllegalStateException.class, () -> HttpCredentials.load(dir.resolve("missing")));
    }
}
