package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.NotServedYet;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The routes a v2 SDK calls that this release does not serve yet: each answers a problem naming
 * the feature, so {@code client.store.env.get} fails with that message instead of "No such resource".
 * Hidden from the OpenAPI document; a route leaves this class when its feature lands.
 */
@Path("/api")
@SecurityRequirement(name = "bearerAuth", scopes = "read")
public class NotServedYetResource {

    private static final String STORE = "The key-value store (io.store, client.store) is";
    private static final String DYNAMIC_SCHEDULES = "Dynamic schedules (registerInterval, registerCron) are";

    @GET
    @Path("v1/store/{key}")
    @Operation(hidden = true)
    public void getStored() {
        throw new NotServedYet(STORE);
    }

    @PUT
    @Path("v1/store/{key}")
    @Operation(hidden = true)
    public void store() {
        throw new NotServedYet(STORE);
    }

    @DELETE
    @Path("v1/store/{key}")
    @Operation(hidden = true)
    public void deleteStored() {
        throw new NotServedYet(STORE);
    }

    @HEAD
    @Path("v1/store/{key}")
    @Operation(hidden = true)
    public void hasStored() {
        throw new NotServedYet(STORE);
    }

    @POST
    @Path("v1/{client}/schedules/{id}/registrations")
    @Operation(hidden = true)
    public void registerSchedule() {
        throw new NotServedYet(DYNAMIC_SCHEDULES);
    }

    @DELETE
    @Path("v1/{client}/schedules/{id}/registrations/{key}")
    @Operation(hidden = true)
    public void unregisterSchedule() {
        throw new NotServedYet(DYNAMIC_SCHEDULES);
    }
}
