package io.digitstream.inference.security;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * HTTP Basic (a browser's own prompt, for the dashboard) and Bearer tokens (for scripts and scanners), both checked
 * against {@link HttpCredentials}. Switched on with {@code digitstream.http.auth.enabled}; which role may do what is
 * the {@code quarkus.http.auth.permission.*} block of application.properties. Off, every request is anonymous and
 * the permissions are off too (the one-command local pipeline).
 */
@ApplicationScoped
@Priority(1)
// Made at start, not at the first request: a missing or broken credentials file stops the start with its message.
@Startup
public class HttpCredentialsMechanism implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(HttpCredentialsMechanism.class);
    private static final String REALM = "digit-stream";

    private final boolean enabled;
    private final HttpCredentials credentials;

    @Inject
    public HttpCredentialsMechanism(@ConfigProperty(name = "digitstream.http.auth.enabled") boolean enabled,
            @ConfigProperty(name = "digitstream.http.auth.credentials-file") Optional<String> credentialsFile) {
        this.enabled = enabled;
        if (enabled && credentialsFile.filter(file -> !file.isBlank()).isEmpty()) {
            throw new IllegalStateException("digitstream.http.auth.enabled=true needs "
                    + "digitstream.http.auth.credentials-file (DIGITSTREAM_HTTP_AUTH_CREDENTIALS_FILE)");
        }
        this.credentials = enabled ? HttpCredentials.load(Path.of(credentialsFile.get().trim())) : null;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<Map.Entry<String, String>> user = userOf(header);
        if (user.isEmpty()) {
            // The path only: never the header, which holds the secret.
            LOG.debugf("refused HTTP credentials for %s", context.normalizedPath());
            return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException());
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.get().getKey()))
                .addRole(user.get().getValue())
                .build());
    }

    private Optional<Map.Entry<String, String>> userOf(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.tokenOwner(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String name = decoded.substring(0, colon);
            return credentials.roleOf(name, decoded.substring(colon + 1)).map(role -> Map.entry(name, role));
        }
        return Optional.empty();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
