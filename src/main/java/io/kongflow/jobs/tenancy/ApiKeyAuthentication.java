package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.problem.Unauthorized;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every {@code /api/v1} request by its environment API key. */
public class ApiKeyAuthentication {

    private final EnvironmentKeys keys;
    private final CurrentCaller currentCaller;

    public ApiKeyAuthentication(EnvironmentKeys keys, CurrentCaller currentCaller) {
        this.keys = keys;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (!request.getUriInfo().getPath().startsWith("/api/v1/")
                || resource.getResourceMethod() == null
                || resource.getResourceMethod().isAnnotationPresent(NoApiKey.class)) {
            return Uni.createFrom().voidItem();
        }
        String key = BearerToken.from(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new Unauthorized("Missing or malformed Authorization header; expected 'Bearer <API key>'"));
        return keys.callerOf(key)
                .onItem().ifNull().failWith(() -> new Unauthorized("Invalid API key"))
                .invoke(currentCaller::set)
                .replaceWithVoid();
    }
}
