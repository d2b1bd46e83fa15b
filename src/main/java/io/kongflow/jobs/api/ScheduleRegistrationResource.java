package io.kongflow.jobs.api;

import io.kongflow.jobs.schedules.RegistrationViews.RegisterScheduleRequest;
import io.kongflow.jobs.schedules.RegistrationViews.RegisteredSchedule;
import io.kongflow.jobs.schedules.RegistrationViews.Unregistered;
import io.kongflow.jobs.schedules.ScheduleRegistrations;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The registrations of dynamic schedules the v2 SDK makes ({@code io.registerInterval}, {@code dynamicSchedule.register}, ...). */
@Path("/api/v1/{endpointSlug}/schedules/{id}/registrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules", description = "Schedules registered at run time on a dynamic schedule of an endpoint")
@SecurityRequirement(name = "bearerAuth")
public class ScheduleRegistrationResource {

    private final ScheduleRegistrations registrations;
    private final CurrentCaller caller;

    public ScheduleRegistrationResource(ScheduleRegistrations registrations, CurrentCaller caller) {
        this.registrations = registrations;
        this.caller = caller;
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "registerSchedule",
            summary = "Register an interval or cron schedule on a dynamic schedule",
            description = "Stores the schedule under its key (registering the key again updates it) and answers it "
                    + "(200, as trigger.dev v2). Each tick (cron in UTC; intervals of 20 seconds to 30 days) runs the "
                    + "latest version of every job the endpoint attached to the dynamic schedule, with the payload "
                    + "`{ts, lastTimestamp}` and the key and metadata as `ctx.source`. The dynamic schedule must "
                    + "be one the endpoint's last index reported.")
    public Uni<RegisteredSchedule> register(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("endpointSlug") String endpointSlug,
            @Parameter(description = ApiParameters.DYNAMIC_SCHEDULE_ID) @PathParam("id") String id,
            @NotNull @Valid RegisterScheduleRequest request) {
        return registrations.register(caller.get(), endpointSlug, id, request);
    }

    @DELETE
    @Path("/{key}")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(
            operationId = "unregisterSchedule",
            summary = "Unregister a schedule of a dynamic schedule",
            description = "The schedule registered under the key never fires again (a tick in flight finishes "
                    + "first). A key not registered answers the same, so a retried unregister succeeds.")
    public Uni<Unregistered> unregister(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("endpointSlug") String endpointSlug,
            @Parameter(description = ApiParameters.DYNAMIC_SCHEDULE_ID) @PathParam("id") String id,
            @Parameter(description = ApiParameters.REGISTRATION_KEY) @PathParam("key") String key) {
        return registrations.unregister(caller.get(), endpointSlug, id, key).replaceWith(new Unregistered(true));
    }
}
