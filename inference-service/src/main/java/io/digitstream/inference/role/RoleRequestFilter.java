package io.digitstream.inference.role;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Endpoints of a role this process does not run answer 404 with the reason, instead of loading models in a
 * live-metrics process or showing an empty dashboard in an inference process.
 */
public class RoleRequestFilter {

    private final DeploymentRoles roles;

    public RoleRequestFilter(DeploymentRoles roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseEndpointsOfAnotherRole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!roles.inference() && (path.startsWith("/api/predict") || path.startsWith("/api/read")
                || path.startsWith("/api/models"))) {
            return Optional.of(notHere(path, "digitstream.inference.enabled"));
        }
        if (!roles.liveMetrics() && (path.startsWith("/api/recent") || path.startsWith("/api/fields/recent")
                || path.startsWith("/api/review") || path.startsWith("/api/metrics/live"))) {
            return Optional.of(notHere(path, "digitstream.live-metrics.enabled"));
        }
        return Optional.empty();
    }

    private Response notHere(String path, String key) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", path + " is not served by this process: it runs " + roles.describe() + " ("
                        + key + "=false)"))
                .build();
    }
}
