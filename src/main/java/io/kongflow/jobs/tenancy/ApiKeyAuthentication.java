package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.problem.Forbidden;
import io.kongflow.jobs.problem.Unauthorized;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every {@code /api/v1} and {@code /api/v2} request by its API key and checks the key's scope. */
public class ApiKeyAuthentication {

    private final EnvironmentKeys keys;
    private final CurrentCaller currentCaller;

    public ApiKeyAuthentication(EnvironmentKeys keys, CurrentCaller currentCaller) {
        this.keys = keys;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("/api/v1/") || path.startsWith("/api/v2/"))
                || resource.getResourceMethod() == null
                || resource.getResourceMethod().isAnnotationPresent(NoApiKey.class)) {
            return Uni.createFrom().voidItem();
        }
        String key = BearerToken.from(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() ->
                        new Unauthorized("Missing or malformed Authorization header; expected 'Bearer <API key>'"));
        Scope required = requiredScope(resource.getResourceMethod());
        return keys.callerOf(key)
                .onItem()
                .ifNull()
                .failWith(() -> new Unauthorized("Invalid API key"))
                .invoke(caller -> {
                    if (required == null ? !caller.scopes().containsAll(Scope.ALL) : !caller.may(required)) {
                        throw new Forbidden("This API key lacks the '"
                                + (required == null ? "read, write and delete" : required.wire())
                                + "' scope this operation needs");
                    }
                    currentCaller.set(caller);
                })
                .replaceWithVoid();
    }

    /**
     * The scope an operation needs is the one its OpenAPI security requirement names, so that the
     * document generated clients read and the check made here cannot disagree. An operation that
     * names none needs every scope (fails closed).
     */
    static Scope requiredScope(Method method) {
        SecurityRequirement requirement = method.getAnnotation(SecurityRequirement.class);
        if (requirement == null || requirement.scopes().length != 1) {
            return null;
        }
        return Scope.of(requirement.scopes()[0]);
    }
}
