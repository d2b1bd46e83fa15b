package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.Unauthorized;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.kongflow.jobs.tenancy.WhoAmI;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The v2 CLI's key check ({@code whoami}, {@code init}, {@code dev}). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "What the caller's API key names")
@SecurityRequirement(name = "bearerAuth", scopes = "read")
public class WhoAmIResource {

    private final WhoAmI whoAmI;
    private final CurrentCaller caller;

    public WhoAmIResource(WhoAmI whoAmI, CurrentCaller caller) {
        this.whoAmI = whoAmI;
        this.caller = caller;
    }

    @GET
    @Path("v1/whoami")
    @Operation(
            operationId = "whoAmI",
            summary = "The key's environment, project and organization (v2 CLI key check)",
            description = "As v2 answered an environment key: the environment (`id`, `slug`, `type`, times) with its "
                    + "`project` and `organization`; `pkApiKey` is empty (no public keys here) and `userId` absent "
                    + "(no users here). The key itself is never echoed.")
    public Uni<WhoAmI.Environment> whoAmI() {
        return whoAmI.of(caller.get());
    }

    @GET
    @Path("v2/whoami")
    // Not in the document: a compatibility answer, never a success.
    @Operation(
            hidden = true,
            operationId = "whoAmIWithAccessToken",
            summary = "A personal access token's user (v3 CLI): none here",
            description = "v2 answered this route only to a personal access token (`tr_pat_…`), with its user. This "
                    + "service has no users and no personal access tokens, so every key gets v2's answer to an "
                    + "environment key: 401. The v2 CLI checks keys with `GET /api/v1/whoami`.")
    public Uni<Void> whoAmIWithAccessToken() {
        return Uni.createFrom()
                .failure(new Unauthorized(
                        "Invalid or Missing Access Token: kongflow jobs has no personal access tokens; "
                                + "GET /api/v1/whoami checks an environment key"));
    }
}
