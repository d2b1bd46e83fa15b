package io.kongflow.jobs.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import java.time.Duration;
import java.util.Map;

/**
 * The session cookie: the opaque session id, {@code HttpOnly} (no script reads it),
 * {@code SameSite=Strict} (no other site's page sends it), {@code Path=/console}, and
 * {@code Secure} when the request came over HTTPS — directly, or through a proxy that says so with
 * {@code X-Forwarded-Proto: https}.
 */
final class SessionCookie {

    static final String NAME = "kongflow_console";

    private SessionCookie() {}

    static String read(Map<String, Cookie> cookies) {
        Cookie cookie = cookies.get(NAME);
        return cookie == null ? null : cookie.getValue();
    }

    static String issue(String sessionId, Duration ttl, boolean secure) {
        return NAME + "=" + sessionId + "; Path=/console; Max-Age=" + ttl.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String clear(boolean secure) {
        return NAME + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static boolean secure(ContainerRequestContext request) {
        return secure(request.getUriInfo().getRequestUri().getScheme(), request.getHeaderString("X-Forwarded-Proto"));
    }

    /** Over HTTPS, or behind a proxy that terminated it ({@code X-Forwarded-Proto: https}). */
    static boolean secure(String scheme, String forwardedProto) {
        return "https".equalsIgnoreCase(scheme)
                || (forwardedProto != null
                        && forwardedProto.trim().toLowerCase().startsWith("https"));
    }
}
