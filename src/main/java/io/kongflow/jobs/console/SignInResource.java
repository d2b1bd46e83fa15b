package io.kongflow.jobs.console;

import io.kongflow.jobs.problem.ApiException;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Signing in (with an environment's API key or a named key that may read), out, and — in dev mode
 * only — in with the dev environment in one click. The sign-in form carries a token equal to a
 * cookie of its own (double submit), so that no other site can sign a browser in with its key.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    private static final String SIGN_IN_COOKIE = "kongflow_console_signin";

    private final ConsoleSessions sessions;
    private final CurrentSession current;

    SignInResource(ConsoleSessions sessions, CurrentSession current) {
        this.sessions = sessions;
        this.current = current;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/console/runs")).build();
    }

    @GET
    @Path("/sign-in")
    public Response form(@RestQuery String next, UriInfo uri, HttpHeaders headers) {
        return signInPage(Response.Status.OK, null, next, secure(uri, headers));
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(
            @RestForm String apiKey,
            @RestForm String token,
            @RestForm String next,
            @RestCookie(SIGN_IN_COOKIE) String expected,
            UriInfo uri,
            HttpHeaders headers) {
        boolean secure = secure(uri, headers);
        if (!sameToken(expected, token)) {
            return Uni.createFrom()
                    .item(signInPage(
                            Response.Status.FORBIDDEN, "The sign-in form expired: please try again.", next, secure));
        }
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 200) {
            return Uni.createFrom().item(signInPage(Response.Status.BAD_REQUEST, "Enter an API key.", next, secure));
        }
        return sessions.open(apiKey)
                .map(id -> id == null
                        ? signInPage(
                                Response.Status.UNAUTHORIZED,
                                "That key is not a live key of any environment, or may not read.",
                                next,
                                secure)
                        : signedIn(id, next, secure));
    }

    /** Dev mode only (a 404 anywhere else): signs in with the dev bootstrap tenant's dev environment. */
    @POST
    @Path("/dev-sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> devSignIn(
            @RestForm String token, @RestCookie(SIGN_IN_COOKIE) String expected, UriInfo uri, HttpHeaders headers) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            throw new NotFound("Page");
        }
        boolean secure = secure(uri, headers);
        if (!sameToken(expected, token)) {
            return Uni.createFrom()
                    .item(signInPage(
                            Response.Status.FORBIDDEN, "The sign-in form expired: please try again.", null, secure));
        }
        return sessions.openDevEnvironment()
                .map(id -> id == null
                        ? signInPage(
                                Response.Status.NOT_FOUND, "The dev environment does not exist here.", null, secure)
                        : signedIn(id, null, secure));
    }

    @POST
    @Path("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(
            @RestForm String csrf, @RestCookie(SessionCookie.NAME) String sessionId, UriInfo uri, HttpHeaders headers) {
        current.signingOut(csrf);
        return sessions.end(sessionId)
                .map(ended -> Response.seeOther(URI.create("/console/sign-in"))
                        .header("Set-Cookie", SessionCookie.clear(secure(uri, headers)))
                        .build());
    }

    @ServerExceptionMapper
    public Response failed(ApiException failure) {
        return ErrorPages.page(failure, current);
    }

    private Response signedIn(String sessionId, String next, boolean secure) {
        return Response.seeOther(URI.create(safeNext(next)))
                .header("Set-Cookie", SessionCookie.issue(sessionId, sessions.ttl(), secure))
                .header("Set-Cookie", clearSignInCookie(secure))
                .build();
    }

    private static Response signInPage(Response.Status status, String error, String next, boolean secure) {
        String token = ApiKeys.randomToken(24);
        String html = Templates.signIn(
                        null, error, safeNext(next), token, LaunchMode.current() == LaunchMode.DEVELOPMENT)
                .render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(
                        "Set-Cookie",
                        SIGN_IN_COOKIE + "=" + token + "; Path=/console; Max-Age=3600; HttpOnly; SameSite=Strict"
                                + (secure ? "; Secure" : ""))
                .entity(html)
                .build();
    }

    private static String clearSignInCookie(boolean secure) {
        return SIGN_IN_COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private static boolean sameToken(String expected, String given) {
        return expected != null && given != null && !expected.isEmpty() && ApiKeys.sameSecret(expected, given);
    }

    /** Only a console path of this service: never another site, nor a scheme-relative {@code //host}. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/console/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.chars().anyMatch(Character::isISOControl)) {
            return "/console/runs";
        }
        return next;
    }

    private static boolean secure(UriInfo uri, HttpHeaders headers) {
        return SessionCookie.secure(uri.getRequestUri().getScheme(), headers.getHeaderString("X-Forwarded-Proto"));
    }
}
