package io.kongflow.jobs.console;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Lets a {@code /console} request through only with a live session (sign-in itself aside): a page
 * without one is sent to the sign-in page, anything else gets a 401. Every console answer carries
 * a strict Content-Security-Policy (scripts and styles only from the service's own files, no
 * inline script, no framing) and is never cached.
 */
public class ConsoleGuard {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Set<String> OPEN = Set.of("/console/sign-in", "/console/dev-sign-in");

    private final ConsoleSessions sessions;
    private final CurrentSession current;

    ConsoleGuard(ConsoleSessions sessions, CurrentSession current) {
        this.sessions = sessions;
        this.current = current;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isConsole(path) || OPEN.contains(path)) {
            return Uni.createFrom().nullItem();
        }
        String id = SessionCookie.read(request.getCookies());
        return sessions.find(id).map(session -> {
            if (session != null) {
                current.set(session);
                return null;
            }
            if (HttpMethod.GET.equals(request.getMethod()) && !path.endsWith("/live")) {
                String next = request.getUriInfo().getRequestUri().getRawPath()
                        + (request.getUriInfo().getRequestUri().getRawQuery() == null
                                ? ""
                                : "?" + request.getUriInfo().getRequestUri().getRawQuery());
                return Response.seeOther(
                                URI.create("/console/sign-in?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                        .header("Set-Cookie", id == null ? null : SessionCookie.clear(SessionCookie.secure(request)))
                        .build();
            }
            return Response.status(Response.Status.UNAUTHORIZED)
                    .type("text/plain")
                    .entity("Not signed in to the console")
                    .build();
        });
    }

    @ServerResponseFilter
    public void secure(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isConsole(request.getUriInfo().getPath())) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("Cache-Control", "no-store");
    }

    static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }
}
