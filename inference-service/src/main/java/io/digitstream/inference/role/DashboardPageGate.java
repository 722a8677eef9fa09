package io.digitstream.inference.role;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * The dashboard's page and its scripts belong to the live-metrics role like its API ({@link RoleRequestFilter}). The
 * page is a static resource, which JAX-RS filters never see, so in an inference-only process this route, placed
 * before the static files, answers 404 with the reason instead of a page whose every call fails.
 */
@ApplicationScoped
public class DashboardPageGate {

    private static final Set<String> PAGE = Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css");

    void install(@Observes Router router, DeploymentRoles roles) {
        if (roles.liveMetrics()) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(context -> refuseThePage(context, roles));
    }

    private static void refuseThePage(RoutingContext context, DeploymentRoles roles) {
        String path = context.normalizedPath();
        if (PAGE.contains(path) || path.startsWith("/vendor/")) {
            context.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("The dashboard is not served by this process: it runs " + roles.describe()
                            + " (digitstream.live-metrics.enabled=false). Open the live-metrics deployment's port.\n");
        } else {
            context.next();
        }
    }
}
