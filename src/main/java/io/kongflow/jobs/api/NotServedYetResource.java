package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.NotServedYet;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The routes a v2 SDK calls that this release does not serve yet: each answers a problem naming
 * the feature, so {@code io.waitForEvent} fails with that message instead of "No such resource".
 * Hidden from the OpenAPI document; a route leaves this class when its feature lands.
 */
@Path("/api")
@SecurityRequirement(name = "bearerAuth", scopes = "read")
public class NotServedYetResource {

    private static final String WAIT_FOR_EVENT = "io.waitForEvent is";

    @POST
    @Path("v1/event-dispatchers/ephemeral")
    @Operation(hidden = true)
    public void waitForEvent() {
        throw new NotServedYet(WAIT_FOR_EVENT);
    }
}
