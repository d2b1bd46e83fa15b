package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.problem.Unauthorized;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards {@code /api/admin/v1} with the configured admin token; closed (404) when none is set. */
public class AdminAuthentication {

    private final KongflowConfig config;

    public AdminAuthentication(KongflowConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/admin/")) {
            return;
        }
        String expected =
                config.adminToken().filter(token -> !token.isBlank()).orElseThrow(() -> new NotFound("Resource"));
        String given = BearerToken.from(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() ->
                        new Unauthorized("Missing or malformed Authorization header; expected 'Bearer <admin token>'"));
        if (!ApiKeys.sameSecret(expected, given)) {
            throw new Unauthorized("Invalid admin token");
        }
    }
}
